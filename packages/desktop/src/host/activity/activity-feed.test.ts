import { type AuditEntry, defaultFieldMap, MemoryAuditLog } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { activityCsv, activityEntryOf, activityPage } from "./activity-feed";

const write = (column: string, from: string | null, to: string | null): AuditEntry => ({
  kind: "write",
  at: "2026-12-03T11:15:38.752Z",
  connectionId: "conn-1",
  databaseId: "db-1",
  pageId: "2f6a1c0e-0000-4000-8000-00000000000a",
  title: "Rain Shell",
  target: "notion",
  column,
  from,
  to,
  reason: "Linksync bookkeeping",
  source: "linksync",
});

// The user renamed Link ID to "Internal id": bookkeeping follows the database's own field map.
const databases = [
  {
    id: "db-1",
    dataSourceId: "ds-1",
    title: "Spring Campaign",
    fieldMap: { ...defaultFieldMap(), linkId: "Internal id" },
  },
];

describe("Activity feed", () => {
  it("hides Linksync's bookkeeping columns unless asked, and counts what it hid", async () => {
    const log = new MemoryAuditLog();
    await log.append(
      write("Short URL", null, "https://go.example/a"),
      write("Internal id", null, "lnk_1"),
      write("Last Synced", null, "2026-12-03T11:15:38.752Z"),
    );
    const hidden = await activityPage(log, {}, databases);
    expect(hidden.entries.map((entry) => entry.detail)).toEqual([
      "Short URL set to https://go.example/a · Linksync bookkeeping",
    ]);
    expect(hidden.hidden).toBe(2);
    const all = await activityPage(log, { bookkeeping: true }, databases);
    expect(all.total).toBe(3);
    expect(all.hidden).toBe(0);
    expect((await activityCsv(log, {}, databases)).trimEnd().split("\r\n")).toHaveLength(2);
  });

  it("says a change in words, with dates instead of ISO strings, and every detail on expand", () => {
    const entry = activityEntryOf(write("Conflict At", null, "2026-12-03T11:15:38.752Z"), 7, databases);
    expect(entry.detail).toBe("Conflict At set to Dec 3, 2026, 11:15 AM UTC · Linksync bookkeeping");
    expect(entry.facts).toContainEqual({ label: "Database", value: "Spring Campaign" });
    expect(entry.facts).toContainEqual({ label: "When", value: "Dec 3, 2026, 11:15 AM UTC" });
    expect(entry.notionUrl).toBe(
      `https://www.notion.so/${"2f6a1c0e-0000-4000-8000-00000000000a".replaceAll("-", "")}`,
    );
  });
});
