import { describe, expect, it } from "vitest";
import { parseConflictComment } from "../merge/conflict-comment";
import type { Link } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import { type PlanRowInput, planRow } from "./plan-row";
import { qrFileNameFor } from "./qr-file-name";
import type { RowPlan, SyncPlan } from "./row-plan";

const PAGE = "38c9ce7b-60a4-8168-ae4b-dee385a036ec";
const A = "https://a.example/spring";
const B = "https://b.example/spring";
const C = "https://c.example/spring";
const SHORT = "https://go.acme.com/x7Kp2";
const SYNCED_AT = "2026-11-22T17:00:00.000Z";
const NOW = "2026-11-22T17:05:00.000Z";

/** A row as Linksync left it at its last sync. */
function syncedRow(change: Partial<Row> = {}): Row {
  return {
    pageId: PAGE,
    url: "https://www.notion.so/Spring-38c9ce7b60a48168ae4bdee385a036ec",
    title: "Spring",
    destination: A,
    tags: ["spring"],
    shortUrl: SHORT,
    clicks: 10,
    qrFileName: qrFileNameFor(SHORT),
    lastSynced: SYNCED_AT,
    sync: "Live",
    linkId: "lnk_1",
    syncedDestination: A,
    syncError: null,
    conflictAt: null,
    inTrash: false,
    lastEditedTime: SYNCED_AT,
    problems: [],
    ...change,
  };
}

function link(change: Partial<Link> = {}): Link {
  return {
    id: "lnk_1",
    shortUrl: SHORT,
    slug: "x7Kp2",
    destination: A,
    tags: ["spring"],
    externalId: `notion-page:${PAGE}`,
    version: "1",
    updatedAt: SYNCED_AT,
    updatedBy: "linksync",
    ...change,
  };
}

const snapshot: RowSnapshot = {
  pageId: PAGE,
  linkId: "lnk_1",
  destination: A,
  tags: ["spring"],
  shortUrl: SHORT,
  clicks: 10,
  qrForShortUrl: SHORT,
  syncedAt: SYNCED_AT,
};

function plan(input: Partial<PlanRowInput> = {}): RowPlan {
  return planRow({
    row: syncedRow(),
    link: link(),
    snapshot,
    mapped: { tags: true, sync: true },
    now: NOW,
    ...input,
  });
}

function sync(input: Partial<PlanRowInput>): SyncPlan {
  const result = plan(input);
  if (result.kind !== "sync") throw new Error(`expected a sync plan, got ${JSON.stringify(result)}`);
  return result;
}

describe("planRow: rows without changes cost nothing", () => {
  it("skips an unchanged row with no write at all", () => {
    expect(plan()).toEqual({ kind: "skip", pageId: PAGE, reason: "unchanged" });
  });

  it("skips when the fresh click count is the one in Notion", () => {
    expect(plan({ clicks: 10 })).toMatchObject({ kind: "skip", reason: "unchanged" });
  });

  it("accepts Notion's own date format for Last Synced", () => {
    expect(plan({ row: syncedRow({ lastSynced: "2026-11-22T17:00:00.000+00:00" }) })).toMatchObject({
      kind: "skip",
      reason: "unchanged",
    });
  });

  it("only settles local state when the snapshot is missing", () => {
    expect(plan({ snapshot: null })).toEqual({ kind: "settle", pageId: PAGE, snapshot });
  });

  it("settles when another agent synced the row since (newer Last Synced, newer count)", () => {
    const later = "2026-11-22T17:03:00.000Z";
    expect(plan({ row: syncedRow({ lastSynced: later, clicks: 12 }) })).toEqual({
      kind: "settle",
      pageId: PAGE,
      snapshot: { ...snapshot, syncedAt: later, clicks: 12 },
    });
  });
});

describe("planRow: guards", () => {
  it.each([
    ["a trashed row keeps its link and gets no write", { inTrash: true, destination: B }, "trashed"],
    ["Draft", { sync: "Draft" as const, destination: B }, "draft"],
    ["Paused", { sync: "Paused" as const, destination: B }, "paused"],
    ["empty Sync", { sync: null, destination: B }, "sync_empty"],
  ])("skips: %s", (_, change, reason) => {
    expect(plan({ row: syncedRow(change) })).toEqual({ kind: "skip", pageId: PAGE, reason });
  });

  it("syncs every row when Sync is not mapped", () => {
    expect(
      plan({ row: syncedRow({ sync: null, destination: B }), mapped: { tags: true, sync: false } }),
    ).toMatchObject({
      kind: "sync",
    });
  });

  it("reports an unknown Sync value on the row", () => {
    expect(plan({ row: syncedRow({ sync: { unknown: "Archived" } }) })).toEqual({
      kind: "invalid",
      pageId: PAGE,
      problem: expect.objectContaining({ code: "sync_unknown" }),
      write: {
        patch: {
          syncError: 'Sync is "Archived", which Linksync does not know. Choose Draft, Live or Paused.',
          lastSynced: NOW,
        },
        qr: null,
      },
    });
  });
});

describe("planRow: bad input", () => {
  it.each([
    ["javascript:alert(1)", "destination_unsafe_scheme"],
    ["data:text/html,hi", "destination_unsafe_scheme"],
    ["example.com", "destination_not_absolute"],
    [`https://x.example/${"a".repeat(2100)}`, "destination_too_long"],
    ["", "destination_missing"],
  ])("marks %j on the row and writes nothing else", (destination, code) => {
    const result = plan({ row: syncedRow({ destination }) });
    expect(result).toMatchObject({ kind: "invalid", problem: { code } });
    if (result.kind === "invalid")
      expect(Object.keys(result.write?.patch ?? {})).toEqual(["syncError", "lastSynced"]);
  });

  it("does not rewrite a Sync Error that already says it", () => {
    const first = plan({ row: syncedRow({ destination: "javascript:alert(1)" }) });
    if (first.kind !== "invalid") throw new Error("expected invalid");
    const again = plan({
      row: syncedRow({ destination: "javascript:alert(1)", syncError: first.problem.message }),
    });
    expect(again).toEqual({ ...first, write: null });
  });

  it("clears Sync Error once the row is fine again", () => {
    const result = sync({ row: syncedRow({ syncError: "Destination is empty." }) });
    expect(result.row?.patch).toEqual({ syncError: null, lastSynced: NOW });
    expect(result.link).toBeNull();
    expect(result.changes.map((c) => c.reason)).toEqual(["error_cleared", "bookkeeping"]);
  });

  it("reports unreadable values instead of syncing from them", () => {
    const problems = [
      { code: "value_malformed" as const, column: "clicks" as const, message: "Clicks is odd." },
      { code: "column_missing" as const, column: "qr" as const, message: "QR is gone." },
    ];
    expect(plan({ row: syncedRow({ problems }) })).toMatchObject({
      kind: "invalid",
      problem: { code: "value_malformed", column: "clicks", message: "Clicks is odd. QR is gone." },
    });
  });

  it("reports a link that no longer exists instead of minting a second one", () => {
    expect(plan({ link: null })).toMatchObject({ kind: "invalid", problem: { code: "link_not_found" } });
  });
});

describe("planRow: rows without a link", () => {
  const fresh = syncedRow({
    shortUrl: null,
    linkId: null,
    qrFileName: null,
    clicks: null,
    lastSynced: null,
    syncedDestination: null,
  });

  it("mints with the page's idempotency key, Notion's destination and tags", () => {
    expect(plan({ row: fresh, link: null, snapshot: null })).toEqual({
      kind: "mint",
      pageId: PAGE,
      create: {
        destination: A,
        idempotencyKey: `notion-page:${PAGE}`,
        title: "Spring",
        source: "linksync",
        tags: ["spring"],
      },
    });
  });

  it("leaves tags out when Tags is not mapped", () => {
    const result = plan({ row: fresh, link: null, snapshot: null, mapped: { tags: false, sync: true } });
    expect(result.kind === "mint" && "tags" in result.create).toBe(false);
  });

  it("skips a row with no Destination yet, without marking it", () => {
    expect(plan({ row: { ...fresh, destination: null }, link: null })).toMatchObject({
      reason: "no_destination",
    });
  });

  it("leaves alone a row whose Short URL Linksync did not make", () => {
    expect(plan({ row: { ...fresh, shortUrl: "https://bit.ly/x" }, link: null })).toMatchObject({
      reason: "foreign_short_url",
    });
  });

  it("after minting, writes every Linksync column in one update with the QR", () => {
    const minted = link({ tags: ["spring"] });
    const result = sync({ row: fresh, link: minted, snapshot: null, clicks: 0 });
    expect(result.link).toBeNull();
    expect(result.row).toEqual({
      patch: {
        syncedDestination: A,
        shortUrl: SHORT,
        linkId: "lnk_1",
        clicks: 0,
        lastSynced: NOW,
      },
      qr: { shortUrl: SHORT, fileName: qrFileNameFor(SHORT) },
    });
    expect(result.snapshot).toEqual({ ...snapshot, clicks: 0, syncedAt: NOW });
  });
});

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

describe("planRow: plan types", () => {
  it("cannot represent a sync that writes nothing, or a conflict that does not reset the link", () => {
    const common = {
      kind: "sync",
      pageId: PAGE,
      linkId: "lnk_1",
      changes: [],
      warnings: [],
      snapshot,
    } as const;
    const write = { patch: { lastSynced: NOW }, qr: null };
    const conflict = sync({
      row: syncedRow({ destination: B }),
      link: link({ destination: C, updatedBy: "zapier" }),
    }).conflict;
    if (!conflict) throw new Error("expected a conflict");
    // @ts-expect-error a sync plan writes at least one side
    const nothing: SyncPlan = { ...common, link: null, row: null, conflict: null };
    // @ts-expect-error a conflict always resets the link
    const unreset: SyncPlan = { ...common, link: null, row: write, conflict };
    expect([nothing.kind, unreset.kind]).toEqual(["sync", "sync"]);
  });
});

describe("planRow: the plan's writes settle the row", () => {
  it.each([
    ["a Notion edit", { row: syncedRow({ destination: B }) }],
    ["an outside edit", { link: link({ destination: B, updatedBy: "zapier" as const }) }],
    [
      "a conflict",
      { row: syncedRow({ destination: B }), link: link({ destination: C, updatedBy: "zapier" as const }) },
    ],
    ["a tag merge", { row: syncedRow({ tags: ["n"] }), link: link({ tags: ["spring", "p"] }) }],
    ["a reverted Short URL", { row: syncedRow({ shortUrl: "https://x.example" }) }],
  ] as [string, { row?: Row; link?: Link }][])("after %s, the next cycle writes nothing", (_, input) => {
    const first = sync(input);
    const before = { row: input.row ?? syncedRow(), link: input.link ?? link() };
    const row: Row = {
      ...before.row,
      ...first.row?.patch,
      qrFileName: first.row?.qr?.fileName ?? before.row.qrFileName,
      syncError: first.row?.patch.syncError === undefined ? before.row.syncError : first.row.patch.syncError,
    };
    const after: Link = {
      ...before.link,
      ...first.link,
      updatedBy: first.link ? "linksync" : before.link.updatedBy,
    };
    expect(plan({ row, link: after, snapshot: first.snapshot })).toMatchObject({
      kind: "skip",
      reason: "unchanged",
    });
  });
});

describe("planRow: Notion's limit of 100 tags per row", () => {
  it("writes neither side when the merged tags would exceed 100, and says why on the row", () => {
    const many = Array.from({ length: 101 }, (_, i) => `tag-${i}`);
    const planned = sync({ link: link({ tags: ["spring", ...many] }) });
    expect(planned.row?.patch.tags).toBeUndefined();
    expect(planned.link?.tags).toBeUndefined();
    expect(planned.warnings.map((w) => w.code)).toContain("too_many_tags");
  });
});
