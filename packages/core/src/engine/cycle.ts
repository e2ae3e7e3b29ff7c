import { qrFileNameFor } from "../planning/qr-file-name";
import type { Link } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import { type DatabaseContext, pageIdFromLinkKey } from "./database-context";
import { WorkDeferred } from "./failures";
import { forEachInFlight } from "./in-flight";
import type { WriteGate } from "./phase-outcome";
import { ProgressMeter } from "./progress";
import { type OutcomeCounts, outcomeTally } from "./row-outcome";
import { syncOneRow } from "./row-step";
import { advanceWatermark, later, queryFloor } from "./watermark";

/** Rows compared with their snapshots per store read: one page of Notion's query. */
const COMPARE_BATCH = 100;

export interface CycleOutcome {
  readonly outcomes: OutcomeCounts;
  /** Rows looked at: changed in Notion since their snapshot, or whose link changed outside. */
  readonly examined: number;
  /** Set when a transient failure stopped the cycle: its rows are looked at again next time. */
  readonly deferred: WorkDeferred | null;
  /** Stopped before any write: the database is paused. */
  readonly paused: boolean;
}

/**
 * One sync cycle. Rows edited in Notion since the watermark (minus the overlap) are compared with their snapshots:
 * unchanged rows cost nothing beyond the query. Links changed at the provider since its cursor bring their rows in
 * too (fetched by page id when Notion did not list them). Each examined row is planned and its plan executed; the
 * watermark and the provider cursor move only once every write settled, so a deferred write is looked at again.
 */
export async function runCycle(
  ctx: DatabaseContext,
  mayWrite: WriteGate,
  overlapMs?: number,
): Promise<CycleOutcome> {
  const state = await ctx.store.getDatabase(ctx.key);
  // The snapshots of the rows this cycle looks at, read a query page at a time: a cycle over a database of 100,000
  // rows that lists 50 costs 50 look-ups, not a copy of every snapshot.
  const snapshots = new Map<string, RowSnapshot>();

  const rows = new Map<string, Row>();
  const tagsMapped = ctx.fieldMap.tags !== undefined;
  const compare = async (page: readonly Row[]) => {
    const found = await ctx.store.getSnapshots(
      ctx.key,
      page.map((row) => row.pageId),
    );
    for (const row of page) {
      const snapshot = found.get(row.pageId);
      if (!changedSinceSnapshot(row, snapshot, tagsMapped)) continue;
      rows.set(row.pageId, row);
      if (snapshot) snapshots.set(row.pageId, snapshot);
    }
  };
  // Notion's clock as the query starts (the schema check usually just answered); else its first page's `Date`.
  let queryTime = ctx.notion.serverTime();
  let newestEdit: string | null = null;
  let page: Row[] = [];
  for await (const row of ctx.notion.rowsEditedSince(
    queryFloor(state?.watermark ?? null, overlapMs),
    "sync",
  )) {
    queryTime ??= ctx.notion.serverTime();
    newestEdit = later(newestEdit, row.lastEditedTime);
    page.push(row);
    if (page.length < COMPARE_BATCH) continue;
    await compare(page);
    page = [];
  }
  await compare(page);
  queryTime ??= ctx.notion.serverTime() ?? newestEdit;

  let changes: { readonly links: readonly Link[]; readonly cursor: string };
  try {
    changes = await ctx.provider.changesSince(state?.providerCursor ?? null);
  } catch (error) {
    throw new WorkDeferred(error);
  }
  const linkRows = changes.links.flatMap((link) => {
    const pageId = pageIdFromLinkKey(link.externalId);
    return pageId === null ? [] : [{ link, pageId }];
  });
  const linkSnapshots = await ctx.store.getSnapshots(
    ctx.key,
    linkRows.flatMap(({ pageId }) => (snapshots.has(pageId) ? [] : [pageId])),
  );
  const changedLinks = new Map<string, Link>();
  for (const { link, pageId } of linkRows) {
    const snapshot = snapshots.get(pageId) ?? linkSnapshots.get(pageId);
    if (!snapshot && !rows.has(pageId)) continue; // another database's link, or a row this database never synced
    if (snapshot && linkMatchesSnapshot(link, snapshot) && !rows.has(pageId)) continue; // the echo of our own write
    changedLinks.set(pageId, link);
    if (snapshot) snapshots.set(pageId, snapshot);
  }
  // Rows only their link brought in are read by page id in their own step, just before it plans them.
  const work: (Row | string)[] = [...rows.values()];
  for (const pageId of changedLinks.keys()) if (!rows.has(pageId)) work.push(pageId);

  const outcomes = outcomeTally();
  const meter = new ProgressMeter(work.length, ctx.clock.now());
  let paused = false;
  try {
    await forEachInFlight(work, ctx.rowsInFlight, async (item) => {
      if (paused) return;
      const row = typeof item === "string" ? await ctx.notion.row(item, "sync") : item;
      // A row gone from Notion (deleted, no longer shared) is left alone; its link stays live.
      const outcome =
        row === null
          ? "skipped"
          : await syncOneRow(ctx, row, {
              priority: "sync",
              snapshot: snapshots.get(row.pageId) ?? null,
              ...(changedLinks.has(row.pageId) ? { link: changedLinks.get(row.pageId) ?? null } : {}),
              mayWrite,
              readJustNow: typeof item === "string",
            });
      outcomes[outcome]++;
      if (outcome === "paused") {
        paused = true;
        return;
      }
      ctx.events.emit("sync.progress", {
        databaseId: ctx.databaseId,
        phase: "cycle",
        ...meter.record(ctx.clock.now()),
        throttled: ctx.schedulerStatus().state === "throttled",
      });
    });
  } catch (error) {
    if (error instanceof WorkDeferred) return { outcomes, examined: work.length, deferred: error, paused };
    throw error;
  }
  if (paused) return { outcomes, examined: work.length, deferred: null, paused: true };
  await ctx.store.updateDatabase(ctx.key, {
    watermark: advanceWatermark(state?.watermark ?? null, queryTime),
    providerCursor: changes.cursor,
  });
  return { outcomes, examined: work.length, deferred: null, paused: false };
}

/** Whether a row differs from what Linksync last synced: only such rows are examined. */
export function changedSinceSnapshot(
  row: Row,
  snapshot: RowSnapshot | undefined,
  tagsMapped: boolean,
): boolean {
  if (!snapshot) return true;
  if (row.problems.length > 0 || row.syncError !== null) return true;
  return !(
    row.destination === snapshot.destination &&
    row.syncedDestination === snapshot.destination &&
    row.shortUrl === snapshot.shortUrl &&
    row.linkId === snapshot.linkId &&
    row.clicks === snapshot.clicks &&
    (!tagsMapped || sameTags(row.tags, snapshot.tags)) &&
    // Last: the expected file name costs a hash.
    row.qrFileName === qrFileNameFor(snapshot.shortUrl)
  );
}

function linkMatchesSnapshot(link: Link, snapshot: RowSnapshot): boolean {
  return (
    link.id === snapshot.linkId &&
    link.destination === snapshot.destination &&
    sameTags(link.tags, snapshot.tags)
  );
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  // Most rows keep their tags in the order they were written: compare in place before building sets.
  if (a.length === b.length && a.every((tag, i) => tag === b[i])) return true;
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((tag) => set.has(tag));
}
