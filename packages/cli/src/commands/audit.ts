import { existsSync } from "node:fs";
import { join } from "node:path";
import { AUDIT_FILE_NAME, AuditLog } from "@linksync/core";
import { dataDirectory } from "../config/data-dir";

export interface AuditOptions {
  readonly format: "jsonl" | "csv";
  readonly dataDir: string | undefined;
}

/** `linksync audit`: every write Linksync made, as JSON Lines or CSV, on stdout. */
export async function runAudit(options: AuditOptions, stdout: NodeJS.WritableStream): Promise<number> {
  const path = join(dataDirectory(options.dataDir), AUDIT_FILE_NAME);
  if (!existsSync(path)) {
    process.stderr.write(`No audit log at ${path} yet: Linksync has not synced from this data directory.\n`);
    return 1;
  }
  const log = await AuditLog.open(path);
  try {
    stdout.write(await log.export(options.format));
  } finally {
    await log.close();
  }
  return 0;
}
