import type { Row } from "./row";

/**
 * Tests' starting row: typed in Notion, never synced (no link, no sync state, no problems), with `change` applied.
 * A test names the values its assertions read, so changing a default here breaks nothing it proves.
 */
export function newRow(change: Partial<Row> = {}): Row {
  return {
    pageId: "p1",
    url: "https://www.notion.so/p1",
    title: "Spring",
    destination: "https://a.example",
    tags: [],
    shortUrl: null,
    clicks: null,
    qrFileName: null,
    lastSynced: null,
    sync: null,
    linkId: null,
    syncedDestination: null,
    syncError: null,
    conflictAt: null,
    inTrash: false,
    lastEditedTime: "2026-11-22T17:05:00.000Z",
    problems: [],
    ...change,
  };
}
