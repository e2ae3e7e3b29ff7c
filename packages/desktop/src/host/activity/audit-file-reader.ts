import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import {
  AUDIT_KINDS,
  type AuditEntry,
  type AuditFilter,
  type AuditReader,
  filterAuditEntries,
} from "@linksync/core";

/**
 * Reads the agent's audit log (JSON Lines) without opening it for writing: the agent owns the file and may be
 * appending while the Activity screen reads. A line being written (torn) is skipped, never reported as an entry.
 */
export function auditFileReader(path: string): AuditReader {
  return {
    query: (filter: AuditFilter = {}) => filterAuditEntries(entries(path), filter),
  };
}

async function* entries(path: string): AsyncGenerator<AuditEntry> {
  if (!existsSync(path)) return;
  const lines = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    const entry = parseLine(line);
    if (entry) yield entry;
  }
}

function parseLine(line: string): AuditEntry | null {
  if (line.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // Only the last line can be partial (the agent is writing it); the next read sees it whole.
    return null;
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  return (AUDIT_KINDS as readonly unknown[]).includes(kind) ? (value as AuditEntry) : null;
}
