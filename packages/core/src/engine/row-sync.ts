import type { Row } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import { changedSinceSnapshot } from "./cycle";
import type { DatabaseContext } from "./database-context";
import { describeFailure, isTransient, WorkDeferred } from "./failures";
import { forEachInFlight } from "./in-flight";
import { replayPending } from "./intents";
import { replayIntent } from "./replay";
import type { RowOutcome } from "./row-outcome";
import { syncOneRow } from "./row-step";
import { guardSchema } from "./schema-guard";

export type RowSyncReport =
  | {
      readonly kind: "synced";
      /** Rows that differed from their snapshot and were planned and executed. */
      readonly examined: number;
      readonly outcomes: Readonly<Partial<Record<RowOutcome, number>>>;
    }
  /** Nothing was written: the database is paused (user or schema drift); `message` says why. */
  | { readonly kind: "paused"; readonly message: string }
  /** The database was never backfilled: its first full run does these rows with every other. */
  | { readonly kind: "not_ready" }
  /** Notion or the provider is unreachable: the work waits in the outbox for the next run. */
  | { readonly kind: "deferred"; readonly message: string };

/**
 * Syncs the named rows now, by the cycle's own rules: the schema is verified first and queued intents are replayed
 * in order (as a full run does), then each row is read, compared with its snapshot and given to the row step
 * (`syncOneRow`). A Notion webhook brings a row here in seconds; the watermark is left alone, so the
 * polling cycle still looks at the row as the safety net.
 */
export async function syncRows(
  ctx: DatabaseContext,
  pageIds: readonly string[],
  priority: RequestPriority,
): Promise<RowSyncReport> {
  const outcomes: Partial<Record<RowOutcome, number>> = {};
  let examined = 0;
  try {
    const verdict = await guardSchema(ctx, priority);
    if (verdict.kind === "paused") return verdict;
    const state = await ctx.store.getDatabase(ctx.key);
    if (state?.watermark === null || state?.watermark === undefined) return { kind: "not_ready" };
    await replayPending(ctx, replayIntent);
    const tagsMapped = ctx.fieldMap.tags !== undefined;
    await forEachInFlight(new Set(pageIds), ctx.rowsInFlight, async (pageId) => {
      const row: Row | null = await ctx.notion.row(pageId, priority);
      if (row === null) return;
      const snapshot = await ctx.store.getSnapshot(ctx.key, pageId);
      if (!changedSinceSnapshot(row, snapshot ?? undefined, tagsMapped)) return;
      examined++;
      const outcome = await syncOneRow(ctx, row, { priority, snapshot, readJustNow: true });
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    });
  } catch (error) {
    if (error instanceof WorkDeferred) return { kind: "deferred", message: error.message };
    if (isTransient(error)) return { kind: "deferred", message: describeFailure(error).message };
    throw error;
  }
  return { kind: "synced", examined, outcomes };
}
