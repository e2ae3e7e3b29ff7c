import { NotionError } from "../notion/notion-error";
import type { RowSnapshot } from "../rows/row";
import { auditChanges } from "./audit-trail";
import { appendClicksPoint } from "./clicks-history";
import type { DatabaseContext } from "./database-context";
import { describeFailure, isRowRefusal, isTrashedRefusal, WorkDeferred } from "./failures";
import { forEachInFlight } from "./in-flight";
import type { PhaseOutcome, WriteGate } from "./phase-outcome";
import { ProgressMeter } from "./progress";

/** Default interval between two refreshes of click counts. */
export const CLICKS_REFRESH_INTERVAL_MS = 5 * 60_000;

/**
 * Refreshes the Clicks column at the lowest priority: one bulk count call to the provider, then a page update only
 * for rows whose count changed since the last write (10,000 rows with 1% changed cost about 100 page updates). A
 * row Notion refuses is that row's problem (audited, the others go on); a row in the trash keeps its link and is not
 * written again until it comes back (its snapshot says so).
 */
export async function refreshClicks(ctx: DatabaseContext, mayWrite: WriteGate): Promise<PhaseOutcome> {
  const snapshots: RowSnapshot[] = [];
  for await (const snapshot of ctx.store.eachSnapshot(ctx.key)) snapshots.push(snapshot);
  let counts: ReadonlyMap<string, number>;
  try {
    counts = await ctx.provider.clicks(snapshots.map((s) => s.linkId));
  } catch (error) {
    throw new WorkDeferred(error);
  }
  await recordClicksTotal(ctx, snapshots, counts);
  const changed = snapshots.filter((s) => {
    if (s.inTrash) return false;
    const count = counts.get(s.linkId);
    return count !== undefined && count !== s.clicks;
  });
  if (changed.length > 0 && !(await mayWrite())) {
    return { created: 0, updated: 0, failed: 0, deferred: null, paused: true };
  }
  const meter = new ProgressMeter(changed.length, ctx.clock.now());
  let updated = 0;
  let failed = 0;
  try {
    await forEachInFlight(changed, ctx.rowsInFlight, async (snapshot) => {
      const clicks = counts.get(snapshot.linkId) ?? snapshot.clicks;
      if (await writeClicks(ctx, snapshot, clicks)) updated++;
      else failed++;
      ctx.events.emit("sync.progress", {
        databaseId: ctx.databaseId,
        phase: "clicks",
        ...meter.record(ctx.clock.now()),
        throttled: ctx.schedulerStatus().state === "throttled",
      });
    });
  } catch (error) {
    if (error instanceof WorkDeferred) return { created: 0, updated, failed, deferred: error, paused: false };
    throw error;
  }
  return { created: 0, updated, failed, deferred: null, paused: false };
}

/** Appends the database's total clicks (the provider's counts, the last written ones where it has none) to its history. */
async function recordClicksTotal(
  ctx: DatabaseContext,
  snapshots: readonly RowSnapshot[],
  counts: ReadonlyMap<string, number>,
): Promise<void> {
  const total = snapshots.reduce((sum, s) => sum + (counts.get(s.linkId) ?? s.clicks), 0);
  const state = await ctx.store.getDatabase(ctx.key);
  const point = { at: new Date(ctx.clock.now()).toISOString(), total };
  await ctx.store.updateDatabase(ctx.key, {
    clicksHistory: appendClicksPoint(state?.clicksHistory ?? [], point),
  });
}

async function writeClicks(ctx: DatabaseContext, snapshot: RowSnapshot, clicks: number): Promise<boolean> {
  const lastSynced = new Date(ctx.clock.now()).toISOString();
  try {
    await ctx.notion.write(snapshot.pageId, { clicks, lastSynced }, "background");
  } catch (error) {
    if (isRowRefusal(error)) {
      await recordRefusal(ctx, snapshot, error);
      return false;
    }
    if (error instanceof NotionError && error.transient) throw new WorkDeferred(error);
    throw error;
  }
  await ctx.store.putSnapshots(ctx.key, [{ ...snapshot, clicks }]);
  const change = {
    target: "notion",
    field: "clicks",
    from: String(snapshot.clicks),
    to: String(clicks),
  } as const;
  await auditChanges(
    ctx,
    { pageId: snapshot.pageId, title: "" },
    [{ ...change, reason: "clicks_refreshed" }],
    "linksync",
  );
  return true;
}

/** The row's problem, in the audit log; a trashed row is marked so that no later refresh writes to it again. */
async function recordRefusal(ctx: DatabaseContext, snapshot: RowSnapshot, error: NotionError): Promise<void> {
  const trashed = isTrashedRefusal(error);
  if (trashed) await ctx.store.putSnapshots(ctx.key, [{ ...snapshot, inTrash: true }]);
  const failure = describeFailure(error);
  await ctx.audit.append({
    kind: "row_error",
    at: new Date(ctx.clock.now()).toISOString(),
    connectionId: ctx.key.connectionId,
    databaseId: ctx.databaseId,
    pageId: snapshot.pageId,
    title: "",
    code: trashed ? "row_in_trash" : failure.code,
    message: trashed
      ? "The row is in Notion's trash: its link stays live and Linksync writes nothing to it until it is restored."
      : failure.message,
  });
}
