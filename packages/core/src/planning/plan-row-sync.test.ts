import { describe, expect, it } from "vitest";
import { parseConflictComment } from "../merge/conflict-comment";
import { A, B, C, link, NOW, plan, SHORT, sync, syncedRow } from "./plan-row.fixture";
import { qrFileNameFor } from "./qr-file-name";

describe("planRow: Destination", () => {
  it("pushes a Notion edit to the link", () => {
    const result = sync({ row: syncedRow({ destination: B }) });
    expect(result.link).toEqual({ destination: B });
    expect(result.row?.patch).toEqual({ syncedDestination: B, lastSynced: NOW });
    expect(result.conflict).toBeNull();
    expect(result.changes[0]).toEqual({
      target: "link",
      field: "destination",
      from: A,
      to: B,
      reason: "notion_edit",
    });
    expect(result.snapshot.destination).toBe(B);
  });

  it("pulls an edit made outside Notion while Notion did not change", () => {
    const result = sync({ link: link({ destination: B, updatedBy: "shortener-api" }) });
    expect(result.link).toBeNull();
    expect(result.row?.patch).toEqual({ destination: B, syncedDestination: B, lastSynced: NOW });
    expect(result.changes[0]).toMatchObject({
      target: "notion",
      field: "destination",
      reason: "outside_edit",
    });
  });

  it("on a conflict keeps Notion's value, resets the link and comments once", () => {
    const result = sync({
      row: syncedRow({ destination: B }),
      link: link({ destination: C, updatedBy: "zapier" }),
    });
    expect(result.link).toEqual({ destination: B });
    expect(result.row?.patch).toEqual({ syncedDestination: B, conflictAt: NOW, lastSynced: NOW });
    expect(result.conflict).toMatchObject({ base: A, kept: B, dropped: C, droppedSource: "zapier", at: NOW });
    expect(result.conflict?.comment).toBe(
      `Destination conflict at 17:05:00 UTC: kept Notion value ${B}, dropped ${C} (from Zapier). ref ${result.conflict?.conflictId}`,
    );
    expect(parseConflictComment(result.conflict?.comment ?? "")?.conflictId).toBe(
      result.conflict?.conflictId,
    );
  });

  it("gives the same conflict the same id at any time, so two agents report it once", () => {
    const input = {
      row: syncedRow({ destination: B }),
      link: link({ destination: C, updatedBy: "zapier" as const }),
    };
    expect(sync({ ...input, now: "2026-11-22T18:00:00.000Z" }).conflict?.conflictId).toBe(
      sync(input).conflict?.conflictId,
    );
  });

  it("settles without a conflict when both sides changed to the same value", () => {
    const result = sync({
      row: syncedRow({ destination: B }),
      link: link({ destination: B, updatedBy: "zapier" }),
    });
    expect(result.link).toBeNull();
    expect(result.conflict).toBeNull();
    expect(result.row?.patch).toEqual({ syncedDestination: B, lastSynced: NOW });
  });

  it("keeps Notion's value and reports it when the outside edit is an address Linksync refuses", () => {
    const result = sync({ link: link({ destination: "javascript:alert(1)", updatedBy: "unknown" }) });
    expect(result.link).toEqual({ destination: A });
    expect(result.warnings[0]?.code).toBe("destination_unsafe_scheme");
    expect(result.row?.patch.syncError).toContain("changed outside Notion");
  });

  it("uses the local snapshot as the base when Synced Destination is empty", () => {
    const result = sync({
      row: syncedRow({ syncedDestination: null }),
      link: link({ destination: B, updatedBy: "zapier" }),
    });
    expect(result.row?.patch.destination).toBe(B);
  });
});

describe("planRow: Tags", () => {
  it("merges both ways and writes only the sides that differ", () => {
    const result = sync({
      row: syncedRow({ tags: ["spring", "notion-added"] }),
      link: link({ tags: ["spring", "link-added"] }),
    });
    expect(result.row?.patch.tags).toEqual(["spring", "notion-added", "link-added"]);
    expect(result.link).toEqual({ tags: ["spring", "notion-added", "link-added"] });
    expect(result.snapshot.tags).toEqual(["spring", "notion-added", "link-added"]);
  });

  it("removes a tag removed on either side", () => {
    const result = sync({ row: syncedRow({ tags: [] }), link: link({ tags: ["spring"] }) });
    expect(result.link).toEqual({ tags: [] });
    expect(result.row?.patch.tags).toBeUndefined();
  });

  it("keeps a link tag Notion refuses on the link and reports it on the row", () => {
    const result = sync({ link: link({ tags: ["spring", "a,b"] }) });
    expect(result.link).toBeNull();
    expect(result.row?.patch.tags).toBeUndefined();
    expect(result.warnings.map((w) => w.code)).toEqual(["tag_comma"]);
    expect(result.row?.patch.syncError).toContain('"a,b"');
    expect(result.snapshot.tags).toEqual(["spring"]);
    // Next cycle, with the warning already on the row: nothing to write.
    const again = plan({
      row: syncedRow({ syncError: result.row?.patch.syncError ?? null, lastSynced: NOW }),
      link: link({ tags: ["spring", "a,b"] }),
      snapshot: result.snapshot,
    });
    expect(again).toMatchObject({ kind: "skip", reason: "unchanged" });
  });

  it("leaves tags alone when Tags is not mapped", () => {
    const result = plan({
      row: syncedRow({ tags: [] }),
      link: link({ tags: ["x"] }),
      mapped: { tags: false, sync: true },
    });
    expect(result.kind).toBe("settle");
  });
});

describe("planRow: Linksync columns", () => {
  it("reverts a Short URL edited by a user, without re-uploading the QR", () => {
    const result = sync({ row: syncedRow({ shortUrl: "https://go.acme.com/mine" }) });
    expect(result.row).toEqual({ patch: { shortUrl: SHORT, lastSynced: NOW }, qr: null });
    expect(result.changes[0]).toMatchObject({
      field: "shortUrl",
      from: "https://go.acme.com/mine",
      reason: "reverted",
    });
  });

  it("re-uploads the QR when the Short URL changes", () => {
    const moved = "https://go.acme.com/n3w";
    const result = sync({ link: link({ shortUrl: moved }) });
    expect(result.row?.patch.shortUrl).toBe(moved);
    expect(result.row?.qr).toEqual({ shortUrl: moved, fileName: qrFileNameFor(moved) });
    expect(result.snapshot.qrForShortUrl).toBe(moved);
  });

  it("re-uploads a QR that was removed", () => {
    expect(sync({ row: syncedRow({ qrFileName: null }) }).row?.qr).toEqual({
      shortUrl: SHORT,
      fileName: qrFileNameFor(SHORT),
    });
  });

  it("writes Clicks only when the fresh count changed", () => {
    const result = sync({ clicks: 11 });
    expect(result.row).toEqual({ patch: { clicks: 11, lastSynced: NOW }, qr: null });
    expect(result.changes[0]).toMatchObject({
      field: "clicks",
      from: "10",
      to: "11",
      reason: "clicks_refreshed",
    });
    expect(result.snapshot.clicks).toBe(11);
  });

  it("restores a Link ID edited by a user", () => {
    expect(sync({ row: syncedRow({ linkId: "oops" }) }).row?.patch).toEqual({
      linkId: "lnk_1",
      lastSynced: NOW,
    });
  });

  it.each([
    ["emptied", null],
    ["set before the last sync", "2020-01-01T00:00:00.000Z"],
    ["set in the future", "2030-01-01T00:00:00.000Z"],
    ["set beyond clock skew", "2026-11-22T17:16:00.000Z"],
  ])("rewrites Last Synced %s", (_, lastSynced) => {
    expect(sync({ row: syncedRow({ lastSynced }) }).row).toEqual({ patch: { lastSynced: NOW }, qr: null });
  });

  it("takes a Last Synced a few minutes ahead as another agent's write (its clock runs ahead)", () => {
    expect(plan({ row: syncedRow({ lastSynced: "2026-11-22T17:14:00.000Z" }) })).toMatchObject({
      kind: "settle",
    });
  });
});
