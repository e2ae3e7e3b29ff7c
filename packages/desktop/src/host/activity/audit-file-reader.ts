import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import {
  AUDIT_KINDS,
  type AuditEntry,
  type AuditFilter,
  type AuditReader,
  auditLogFiles,
  filterAuditEntries,
} from "@linksync/core";

/**
 * Reads the agent's audit log (JSON Lines) without opening it for writing: the agent owns the file and may be
 * appending while the Activity screen reads. A line being written (torn) is skipped, never reported as an entry.
 * The files the log was rotated into are read first, oldest first.
 */
export function auditFileReader(path: string): AuditReader {
  return {
    query: (filter: AuditFilter = {}) => filterAuditEntries(entries(path), filter),
  };
}

async function* entries(path: string): AsyncGenerator<AuditEntry> {
  for (const file of await auditLogFiles(path)) {
    const lines = createInterface({
      input: createReadStream(file, "utf8"),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    try {
      for await (const line of lines) {
        const entry = parseLine(line);
        if (entry) yield entry;
      }
    } catch (error) {
      // The agent rotated the oldest file away between the listing and this read: its entries are gone by design.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
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
