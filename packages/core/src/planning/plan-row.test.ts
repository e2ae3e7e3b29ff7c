import { describe, expect, it } from "vitest";
import type { Link } from "../providers/link-provider";
import type { Row } from "../rows/row";
import { A, B, C, link, NOW, PAGE, plan, SHORT, snapshot, sync, syncedRow } from "./plan-row.fixture";
import { qrFileNameFor } from "./qr-file-name";
import type { SyncPlan } from "./row-plan";

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
