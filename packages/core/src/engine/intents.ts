import type { OutboxEntry } from "../outbox/outbox";
import type { WriteIntent } from "../outbox/write-intent";
import type { DatabaseContext, IntentLog } from "./database-context";
import { describeFailure, isRevoked, isTransient, WorkDeferred } from "./failures";

/**
 * Runs one remote write through the outbox: the intent is durably recorded and marked sent before `perform` runs,
 * settled after it succeeds. A transient failure keeps the intent pending (replayed by the next cycle) and becomes
 * `WorkDeferred`; any other failure drops the intent and is rethrown for the caller to report.
 */
export async function runIntent<T>(
  ctx: DatabaseContext,
  intent: WriteIntent,
  perform: () => Promise<T>,
): Promise<T> {
  const id = await ctx.outbox.enqueue(intent);
  return performEntry(ctx, id, perform);
}

async function performEntry<T>(ctx: DatabaseContext, id: string, perform: () => Promise<T>): Promise<T> {
  await ctx.outbox.markSent(id);
  return completeEntry(ctx, id, perform);
}

/**
 * Performs an intent recorded (and marked sent) earlier, then settles it; a transient failure keeps it pending and
 * becomes `WorkDeferred`, any other drops it and is rethrown.
 */
export async function completeEntry<T>(
  ctx: DatabaseContext,
  id: string,
  perform: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await perform();
  } catch (error) {
    const transient = isTransient(error);
    if (ctx.outbox.isPending(id)) await ctx.outbox.fail(id, describeFailure(error), transient);
    throw transient ? new WorkDeferred(error) : error;
  }
  // A replayed `link.create` whose row was minted again ran this very intent (same key) and settled it already.
  if (ctx.outbox.isPending(id)) await ctx.outbox.settle(id);
  return result;
}

/** This database's unsettled intents, oldest first. */
export function pendingFor(ctx: DatabaseContext): readonly OutboxEntry[] {
  return ctx.outbox
    .pending()
    .filter(
      (entry) =>
        entry.intent.connectionId === ctx.key.connectionId &&
        entry.intent.dataSourceId === ctx.key.dataSourceId,
    );
}

/** `wasSent`: the intent had been marked sent before the restart (its write may have been made); `entryId`: its id. */
export type Replayer = (
  ctx: DatabaseContext,
  intent: WriteIntent,
  wasSent: boolean,
  entryId: string,
) => Promise<void>;

/**
 * Replays this database's pending intents in their original order. Each replay reads the current state before it
 * writes (every intent is idempotent by construction), so a write that landed before a crash is not repeated. The
 * replay's own write of the same kind on the same row is recorded as the pending entry (settling it) rather than as
 * a new one; an entry whose replay had nothing left to write is settled. Stops at the first transient failure,
 * leaving that intent and the later ones pending in order.
 */
export async function replayPending(ctx: DatabaseContext, replay: Replayer): Promise<number> {
  let replayed = 0;
  for (const entry of pendingFor(ctx)) {
    const log = adopting(ctx.outbox, entry);
    try {
      await replay({ ...ctx, outbox: log }, entry.intent, entry.state !== "queued", entry.id);
      if (ctx.outbox.isPending(entry.id)) await ctx.outbox.settle(entry.id);
      replayed++;
    } catch (error) {
      const transient = error instanceof WorkDeferred || isTransient(error);
      // An adopted entry had its outcome recorded by the write that adopted it.
      if (!log.adopted() && ctx.outbox.isPending(entry.id)) {
        await ctx.outbox.fail(
          entry.id,
          describeFailure(error instanceof WorkDeferred ? error.cause : error),
          transient,
        );
      }
      if (transient) throw error instanceof WorkDeferred ? error : new WorkDeferred(error);
      if (isRevoked(error)) throw error;
      // Refused for good (the row was deleted, a value Notion rejects): logged on the row, the others go on.
      const failure = describeFailure(error);
      await ctx.audit.append({
        kind: "row_error",
        at: new Date(ctx.clock.now()).toISOString(),
        connectionId: ctx.key.connectionId,
        databaseId: ctx.databaseId,
        pageId: entry.intent.pageId,
        title: "",
        code: failure.code,
        message: `A queued ${entry.intent.kind} could not be replayed: ${failure.message}`,
      });
    }
  }
  return replayed;
}

/** The outbox as a replay sees it: its first intent of the replayed entry's kind, on the same row, IS that entry. */
function adopting(outbox: IntentLog, entry: OutboxEntry): IntentLog & { adopted(): boolean } {
  let adopted = false;
  return {
    adopted: () => adopted,
    enqueue: (intent) => {
      if (!adopted && sameWrite(intent, entry.intent)) {
        adopted = true;
        return Promise.resolve(entry.id);
      }
      return outbox.enqueue(intent);
    },
    markSent: (id) => outbox.markSent(id),
    settle: (id, result) => outbox.settle(id, result),
    fail: (id, error, retryable) => outbox.fail(id, error, retryable),
    isPending: (id) => outbox.isPending(id),
    pending: () => outbox.pending(),
  };
}

/**
 * Whether a replay's write is the one its entry recorded: the same kind on the same row; for a conflict's comment,
 * the same conflict (the row decided again may find another one, which is its own intent, not this entry's).
 */
function sameWrite(intent: WriteIntent, recorded: WriteIntent): boolean {
  if (intent.kind !== recorded.kind || intent.pageId !== recorded.pageId) return false;
  return (
    intent.kind !== "comment.create" ||
    (recorded.kind === "comment.create" && intent.marker === recorded.marker)
  );
}
