import type { LinksyncEvent } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { eventLine } from "./event-lines";

const at = "2026-11-22T14:02:30.000Z";

describe("eventLine", () => {
  it("names both values and the source of a conflict", () => {
    const event: LinksyncEvent = {
      type: "conflict",
      payload: {
        conflictId: "c_1",
        databaseId: "db",
        pageId: "p",
        pageUrl: "https://www.notion.so/p",
        title: "Spring launch",
        linkId: "l",
        field: "destination",
        kept: "https://a.example",
        dropped: "https://b.example",
        droppedSource: "zapier",
        winner: "notion",
        at,
      },
    };
    expect(eventLine(event)).toBe(
      '  ⚠ conflict on "Spring launch": kept Notion\'s https://a.example, dropped https://b.example (from zapier)',
    );
  });

  it("shows an edit with where it came from", () => {
    const event: LinksyncEvent = {
      type: "link.updated",
      payload: {
        databaseId: "db",
        pageId: "p",
        linkId: "l",
        field: "destination",
        from: "https://a",
        to: "https://b",
        source: "notion",
        at,
      },
    };
    expect(eventLine(event)).toBe("  ↻ destination https://a → https://b (from notion)");
  });

  it("keeps per-link creation and progress out of the log", () => {
    const event: LinksyncEvent = {
      type: "sync.progress",
      payload: {
        databaseId: "db",
        phase: "backfill",
        done: 1,
        total: 2,
        ratePerSecond: 1,
        etaSeconds: 1,
        throttled: false,
      },
    };
    expect(eventLine(event)).toBeNull();
  });
});
