import type { AuditEntry } from "@linksync/core";

/** A backfill's worth of audit entries: one Short URL write per row, a second apart. */
export function backfillWrites(count: number, databaseId = "db-1"): AuditEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: "write" as const,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + i * 1000).toISOString(),
    connectionId: "conn-1",
    databaseId,
    pageId: `page-${i}`,
    title: `Row ${i}`,
    target: "notion" as const,
    column: "Short URL",
    from: null,
    to: `http://go.example/${i}`,
    reason: "backfill",
    source: "linksync" as const,
  }));
}
