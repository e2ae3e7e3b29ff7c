import { join } from "node:path";
import { type AuditEntry, AuditLog } from "@linksync/core";
import type { AttachedAgent } from "./world";

/** The agent's audit log as written on disk. */
export async function auditOf(agent: AttachedAgent): Promise<readonly AuditEntry[]> {
  const log = await AuditLog.open(join(agent.dataDir, "audit.jsonl"));
  try {
    return await log.query();
  } finally {
    await log.close();
  }
}
