import { planBackfillRow } from "../planning/plan-backfill-row";
import type { Row } from "../rows/row";
import type { DatabaseContext } from "./database-context";
import { WorkDeferred } from "./failures";
import { forEachInFlight } from "./in-flight";
import type { PhaseOutcome } from "./phase-outcome";
import { ProgressMeter } from "./progress";
import { executePlan, planInput } from "./row-step";

/**
 * Mints a link for every row with a Destination and no Short URL (Live rows only when Sync is mapped), keeping
 * `rowsInFlight` rows going so the scheduler, not the engine, sets the pace. Rows that already have a Short URL are
 * never touched. Resumable by construction: an interrupted run leaves rows without Short URL (found again by the
 * same query) or pending intents (replayed), and the page's idempotency key returns the link already minted.
 */
export async function runBackfill(ctx: DatabaseContext): Promise<PhaseOutcome> {
  const seen = new Set<string>();
  const meter = new ProgressMeter(0, ctx.clock.now());
  let created = 0;
  let failed = 0;
  const linkRow = async (row: Row) => {
    const { mapped, now } = planInput(ctx, row, null, { snapshot: null });
    const outcome = await executePlan(ctx, row, null, planBackfillRow({ row, mapped, now }), "backfill");
    if (outcome === "created") created++;
    else if (outcome === "failed") failed++;
    ctx.events.emit("sync.progress", {
      databaseId: ctx.databaseId,
      phase: "backfill",
      ...meter.record(ctx.clock.now()),
      throttled: ctx.schedulerStatus().state === "throttled",
    });
  };
  try {
    // Notion lists at most about 10,000 rows per query; linked rows leave the filter, so asking again drains it.
    for (;;) {
      const batch = ctx.notion.rowsNeedingLinks("backfill");
      const rows: Row[] = [];
      for await (const row of batch) {
        if (row.inTrash || seen.has(row.pageId)) continue;
        seen.add(row.pageId);
        rows.push(row);
      }
      meter.grow(rows.length);
      await forEachInFlight(rows, ctx.rowsInFlight, linkRow);
      if (batch.complete || rows.length === 0) break;
    }
  } catch (error) {
    if (error instanceof WorkDeferred) return { created, updated: 0, failed, deferred: error, paused: false };
    throw error;
  }
  return { created, updated: 0, failed, deferred: null, paused: false };
}
