import { recordConflict } from "../operations/record-conflict";
import type { ConflictReset } from "../outbox/write-intent";
import type { PlannedConflict } from "../planning/row-plan";
import type { Link } from "../providers/link-provider";
import type { Row } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import { conflictIntent } from "./conflict-intent";
import type { DatabaseContext } from "./database-context";
import { describeFailure, WorkDeferred } from "./failures";
import { completeEntry } from "./intents";
import { operationContext, reportConflict } from "./row-writes";

/*
 * A planned conflict's two halves around the link's reset (engine/row-step.ts `applySync`): its intent recorded
 * before anything is written, then, once the row is written, its comment posted and the conflict reported.
 */

/**
 * Records the conflict durably before anything is written: a crash after the link's reset would otherwise leave
 * nothing to compare, and the dropped value would vanish without a comment, an audit entry or an event.
 */
export async function recordConflictIntent(
  ctx: DatabaseContext,
  row: Row,
  conflict: PlannedConflict,
  reset: ConflictReset | null,
): Promise<string> {
  const entry = await ctx.outbox.enqueue(conflictIntent(ctx, row, conflict, reset));
  ctx.crashHook?.("conflict.recorded", row.pageId);
  // Sent = this agent is about to reset the link. A replay still queued knows the reset was never tried (another
  // agent's reset, if any, is that agent's to report); one sent sends the reset again under its key to learn
  // whether it was this agent's (engine/conflict-intent.ts), and if so posts the comment if missing and reports.
  await ctx.outbox.markSent(entry);
  ctx.crashHook?.("conflict.sent", row.pageId);
  return entry;
}

/**
 * The link's reset failed. The conflict was acted on nowhere (its comment is posted only after the reset): with the
 * link moved (`moved`) it is decided again from what the link holds now; it stays pending while the provider is
 * unreachable; any other failure drops it.
 */
export async function dropConflictIntent(
  ctx: DatabaseContext,
  entry: string,
  error: unknown,
  moved: boolean,
): Promise<void> {
  if (moved) await ctx.outbox.settle(entry, "superseded");
  else if (!(error instanceof WorkDeferred)) await ctx.outbox.fail(entry, describeFailure(error), false);
}

/**
 * Posts the conflict's comment (with the Conflict Log) on the row as written (its Conflict At set) and reports it,
 * settling its intent. `owned`: the provider took this agent's keyed reset, so the conflict is this agent's to report.
 */
export async function postConflict(
  ctx: DatabaseContext,
  entry: string,
  row: Row,
  link: Link,
  conflict: PlannedConflict,
  options: { readonly owned: boolean; readonly priority: RequestPriority },
): Promise<void> {
  await completeEntry(ctx, entry, async () => {
    const recorded = await recordConflict(operationContext(ctx, options.priority), {
      databaseId: ctx.databaseId,
      row,
      linkId: link.id,
      conflictId: conflict.conflictId,
      kept: conflict.kept,
      dropped: conflict.dropped,
      droppedSource: conflict.droppedSource,
      at: conflict.at,
      ...(options.owned ? { owned: true } : {}),
    });
    ctx.crashHook?.("comment.posted", row.pageId);
    await reportConflict(ctx, recorded);
    ctx.crashHook?.("conflict.reported", row.pageId);
  });
}
