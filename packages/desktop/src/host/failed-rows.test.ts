import type { AuditEntry } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { failedRowsOf } from "./failed-rows";

const base = { connectionId: "c", databaseId: "d" };
const problem = (pageId: string, at: string, message = "Destination is not a web address."): AuditEntry => ({
  ...base,
  kind: "row_error",
  at,
  pageId,
  title: `Row ${pageId}`,
  code: "invalid_destination",
  message,
});
const write = (pageId: string, at: string): AuditEntry => ({
  ...base,
  kind: "write",
  at,
  pageId,
  title: `Row ${pageId}`,
  target: "notion",
  column: "Short URL",
  from: null,
  to: "https://go.example/x",
  reason: "backfill",
  source: "linksync",
});

describe("failed rows from the audit log", () => {
  it("lists each failing row once, with its latest reason and a link to it in Notion, newest first", () => {
    const rows = failedRowsOf([
      problem("aaaa-1", "2026-01-01T10:00:00Z", "old reason"),
      problem("bbbb-2", "2026-01-01T10:01:00Z"),
      problem("aaaa-1", "2026-01-01T10:02:00Z", "new reason"),
    ]);
    expect(rows.map((row) => [row.pageId, row.message])).toEqual([
      ["aaaa-1", "new reason"],
      ["bbbb-2", "Destination is not a web address."],
    ]);
    expect(rows[0]?.notionUrl).toBe("https://www.notion.so/aaaa1");
  });

  it("forgets a row once a later write went through, not for the Sync Error written with the problem", () => {
    const rows = failedRowsOf([
      write("aaaa-1", "2026-01-01T10:00:00Z"),
      problem("aaaa-1", "2026-01-01T10:00:00Z"),
      problem("bbbb-2", "2026-01-01T10:00:00Z"),
      write("bbbb-2", "2026-01-01T10:05:00Z"),
    ]);
    expect(rows.map((row) => row.pageId)).toEqual(["aaaa-1"]);
  });
});
