import { runBackfill, runQrPhase } from "./backfill";
import { refreshClicks } from "./clicks-refresh";
import { runCycle } from "./cycle";
import type { DatabaseContext } from "./database-context";
import { describeFailure, isTransient, unreachable, WorkDeferred } from "./failures";
import { pendingFor, replayPending } from "./intents";
import { owedQrCodes } from "./qr-phase";
import { replayIntent } from "./replay";
import { addOutcomes, NO_OUTCOMES, type OutcomeCounts } from "./row-outcome";
import { guardSchema, type SchemaVerdict } from "./schema-guard";

export interface RunOptions {
  /** Refresh click counts in this run (the agent decides when they are due). */
  readonly refreshClicks: boolean;
  /** The watermark overlap, at least two minutes. */
  readonly overlapMs?: number;
}

/** How many rows ended each way over the run's phases. */
export type RunTotals = OutcomeCounts;

export type RunReport =
  | ({ readonly kind: "synced" } & RunTotals)
  /** Nothing was written: paused by the user or by schema drift (`message` names the column and the fix). */
  | { readonly kind: "paused"; readonly message: string }
  /** Notion or the provider is unreachable: the work waits in the outbox. */
  | ({
      readonly kind: "deferred";
      readonly message: string;
      readonly unreachable: "notion" | "provider";
      /** The stopping error's code: "offline" when unreachable, "rate_limited" or "unavailable" when it refused. */
      readonly code: string;
    } & RunTotals);

/**
 * One run of a database, in the order the contract needs: the schema is verified before any write (replays
 * included), pending intents are replayed in order, a database never synced is backfilled, then the cycle, then
 * (when due) the clicks refresh. The schema check costs one request, so a run that has nothing to write (the
 * common quiet cycle) skips it; a paused database, pending writes or a first run check it at once.
 */
export async function syncDatabase(ctx: DatabaseContext, options: RunOptions): Promise<RunReport> {
  let totals: RunTotals = NO_OUTCOMES;
  // One check per run, shared by rows that reach their first write at the same time.
  let check: Promise<SchemaVerdict> | null = null;
  let verdict: SchemaVerdict | null = null;
  const mayWrite = async () => {
    check ??= guardSchema(ctx, "sync");
    verdict = await check;
    return verdict.kind === "verified";
  };
  const pausedReport = (): RunReport => ({
    kind: "paused",
    message: verdict?.kind === "paused" ? verdict.message : "",
  });
  try {
    const state = await ctx.store.getDatabase(ctx.key);
    const firstRun = state?.watermark === null || state?.watermark === undefined;
    if ((state?.paused || firstRun || pendingFor(ctx).length > 0) && !(await mayWrite()))
      return pausedReport();
    await replayPending(ctx, replayIntent);
    if (firstRun) {
      const backfill = await runBackfill(ctx);
      totals = addOutcomes(totals, {
        created: backfill.created,
        updated: backfill.updated,
        failed: backfill.failed,
      });
      if (backfill.deferred) return deferred(totals, backfill.deferred);
    } else if ((await owedQrCodes(ctx)).length > 0) {
      // QR codes a backfill left owed (a refused write, a run stopped after its links): before the cycle, which
      // would otherwise find those rows only when they are edited.
      if (!(await mayWrite())) return pausedReport();
      const qr = await runQrPhase(ctx);
      totals = addOutcomes(totals, qr);
    }
    const cycle = await runCycle(ctx, mayWrite, options.overlapMs);
    if (cycle.paused) return pausedReport();
    totals = addOutcomes(totals, cycle.outcomes);
    if (cycle.deferred) return deferred(totals, cycle.deferred);
    if (options.refreshClicks) {
      const clicks = await refreshClicks(ctx, mayWrite);
      if (clicks.paused) return pausedReport();
      totals = addOutcomes(totals, { updated: clicks.updated, failed: clicks.failed });
      if (clicks.deferred) return deferred(totals, clicks.deferred);
    }
  } catch (error) {
    if (error instanceof WorkDeferred) return deferred(totals, error);
    if (isTransient(error)) return deferred(totals, new WorkDeferred(error));
    throw error;
  }
  return { kind: "synced", ...totals };
}

function deferred(totals: RunTotals, stop: WorkDeferred): RunReport {
  const { code, message } = describeFailure(stop.cause);
  return { kind: "deferred", message, code, unreachable: unreachable(stop.cause), ...totals };
}
