import { type AuditEntry, type AuditReader, exportAudit } from "@linksync/core";
import type { ActivityEntry, ActivityPage, ActivityQuery } from "../../shared/contract";

/** Connection changes as a person would say them. */
const CONNECTION_WORDS: Readonly<Record<Extract<AuditEntry, { kind: "connection" }>["change"], string>> = {
  connected: "Notion workspace connected",
  revoked: "Notion stopped accepting the connection",
  paused: "Sync paused",
  resumed: "Sync resumed",
  disconnected: "Notion workspace removed",
  column_renamed: "A column was renamed in Notion",
};

/** How an audit entry reads in the Activity list: a title and one line of detail. Pure. */
export function activityEntryOf(entry: AuditEntry, id: number): ActivityEntry {
  const base = { id, at: entry.at, kind: entry.kind, databaseId: entry.databaseId };
  switch (entry.kind) {
    case "write":
      return {
        ...base,
        title: entry.title,
        detail: `${entry.column}: ${entry.from ?? "(empty)"} → ${entry.to ?? "(empty)"} · ${entry.reason} (${entry.target === "notion" ? "Notion" : "short link"})`,
      };
    case "conflict":
      return {
        ...base,
        title: entry.title,
        detail: `Conflict on ${entry.column}: kept ${entry.kept}, dropped ${entry.dropped} (from ${entry.droppedSource})`,
      };
    case "connection":
      return {
        ...base,
        title: CONNECTION_WORDS[entry.change] ?? `Connection ${entry.change}`,
        detail: entry.reason,
      };
    case "row_error":
      return { ...base, title: entry.title, detail: entry.message };
  }
}

/** The newest entries first, each with a stable id (its position in the log). */
export async function activityPage(reader: AuditReader, query: ActivityQuery): Promise<ActivityPage> {
  const matches = await reader.query({ ...query, text: query.text?.trim() || undefined, limit: undefined });
  const newestFirst = matches.map((entry, index) => activityEntryOf(entry, index)).reverse();
  return { entries: query.limit ? newestFirst.slice(0, query.limit) : newestFirst, total: matches.length };
}

/** The filtered log as CSV, in core's export format (the same file `linksync audit --format csv` writes). */
export async function activityCsv(reader: AuditReader, query: ActivityQuery): Promise<string> {
  return exportAudit(
    await reader.query({ ...query, text: query.text?.trim() || undefined, limit: undefined }),
    "csv",
  );
}
