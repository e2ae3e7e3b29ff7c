import type { AuditEntry, AuditReader } from "@linksync/core";
import type { FailedRow } from "../shared/contract";

/** A Notion page's address from its id (Notion accepts the id without dashes after its domain). */
export const notionPageUrl = (pageId: string): string =>
  `https://www.notion.so/${pageId.replaceAll("-", "")}`;

/**
 * The rows of a database that could not get their short link, from the audit log: a row's latest problem counts
 * until a later write to that row says it went through. Pure over the entries, oldest first.
 */
export function failedRowsOf(entries: readonly AuditEntry[]): FailedRow[] {
  const failing = new Map<string, FailedRow>();
  for (const entry of entries) {
    if (entry.kind === "row_error") {
      failing.set(entry.pageId, {
        pageId: entry.pageId,
        title: entry.title,
        code: entry.code,
        message: entry.message,
        at: entry.at,
        notionUrl: notionPageUrl(entry.pageId),
      });
    } else if (entry.kind === "write" && entry.at > (failing.get(entry.pageId)?.at ?? "")) {
      // The row problem writes Sync Error in the same instant; only a later write means the row went through.
      failing.delete(entry.pageId);
    }
  }
  return [...failing.values()].sort((a, b) => b.at.localeCompare(a.at));
}

export async function failedRows(audit: AuditReader, databaseId: string): Promise<FailedRow[]> {
  return failedRowsOf(await audit.query({ databaseId, kind: ["row_error", "write"] }));
}
