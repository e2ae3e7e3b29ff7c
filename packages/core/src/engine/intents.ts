import type { OutboxEntry } from "../outbox/outbox";
import type { WriteIntent } from "../outbox/write-intent";
import type { DatabaseContext } from "./database-context";
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

export type Replayer = (ctx: DatabaseContext, intent: WriteIntent) => Promise<void>;

/**
 * Replays this database's pending intents in their original order. Each replay reads the current state before it
 * writes (every intent is idempotent by construction), so a write that landed before a crash is not repeated. Stops
 * at the first transient failure, leaving that intent and the later ones pending in order.
 */
export async function replayPending(ctx: DatabaseContext, replay: Replayer): Promise<number> {
  let replayed = 0;
  for (const entry of pendingFor(ctx)) {
    try {
      await performEntry(ctx, entry.id, () => replay(ctx, entry.intent));
      replayed++;
    } catch (error) {
      if (error instanceof WorkDeferred || isRevoked(error)) throw error;
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
