import { describe, expect, it } from "vitest";
import { qrFileNameFor } from "../planning/qr-file-name";
import type { Row, RowSnapshot } from "../rows/row";
import { changedSinceSnapshot } from "./cycle";

const shortUrl = "https://go.acme.com/x7Kp2";
const snapshot: RowSnapshot = {
  pageId: "p1",
  linkId: "l1",
  destination: "https://shop.example.com/a",
  tags: ["spring", "sale"],
  shortUrl,
  clicks: 4,
  qrForShortUrl: shortUrl,
  syncedAt: "2026-06-01T12:00:00.000Z",
};
const synced: Row = {
  pageId: "p1",
  url: "https://www.notion.so/p1",
  title: "Trail Runner",
  destination: snapshot.destination,
  tags: ["sale", "spring"],
  shortUrl,
  clicks: 4,
  qrFileName: qrFileNameFor(shortUrl),
  lastSynced: snapshot.syncedAt,
  sync: "Live",
  linkId: "l1",
  syncedDestination: snapshot.destination,
  syncError: null,
  conflictAt: null,
  inTrash: false,
  lastEditedTime: "2026-06-01T12:00:00.000Z",
  problems: [],
};

describe("changedSinceSnapshot", () => {
  it("lets a row identical to its snapshot cost nothing (tag order aside)", () => {
    expect(changedSinceSnapshot(synced, snapshot, true)).toBe(false);
  });

  it("examines a row never synced", () => {
    expect(changedSinceSnapshot(synced, undefined, true)).toBe(true);
  });

  it.each<[string, Partial<Row>]>([
    ["Destination edited", { destination: "https://shop.example.com/b" }],
    ["Short URL edited by a user", { shortUrl: "https://evil.example/x" }],
    ["Link ID cleared", { linkId: null }],
    ["QR removed", { qrFileName: null }],
    ["Clicks edited", { clicks: 99 }],
    ["a tag added", { tags: ["spring", "sale", "launch"] }],
    ["Synced Destination moved by another agent", { syncedDestination: "https://shop.example.com/c" }],
    ["a Sync Error to clear", { syncError: "Destination is empty." }],
  ])("examines a row when %s", (_, change) => {
    expect(changedSinceSnapshot({ ...synced, ...change }, snapshot, true)).toBe(true);
  });

  it("ignores tags when the Tags column is not mapped", () => {
    expect(changedSinceSnapshot({ ...synced, tags: [] }, snapshot, false)).toBe(false);
  });
});
