import { parseConflictComment } from "../merge/conflict-comment";
import { notionPorts } from "../operations/ports";
import { recordConflict } from "../operations/record-conflict";
import { writeDestination } from "../operations/update-destination";
import type { WriteIntent } from "../outbox/write-intent";
import { mintIdempotencyKey } from "../planning/idempotency-key";
import { sendReset } from "./conflict-intent";
import type { DatabaseContext } from "./database-context";
import { syncOneRow } from "./row-step";
import { operationContext, reportConflict } from "./row-writes";

/**
 * What a pending intent means after a restart or once the network is back. Row writes are not blindly repeated:
 * the row is read, its link fetched, and the row planned again, which converges on the same result when the write
 * had landed and finishes it when it had not (a Notion edit made meanwhile is respected, not overwritten). A
 * conflict comment is posted only if the row does not carry it yet.
 */
export async function replayIntent(
  ctx: DatabaseContext,
  intent: WriteIntent,
  wasSent: boolean,
  entryId: string,
): Promise<void> {
  switch (intent.kind) {
    case "link.create":
      return resyncRow(ctx, intent.pageId, intent.destination);
    case "link.update":
    case "page.update":
    case "qr.upload":
      return resyncRow(ctx, intent.pageId, null);
    case "comment.create":
      await replayConflict(ctx, intent, wasSent, entryId);
      // Finishes the link's reset and the row's write if the crash came before them.
      return resyncRow(ctx, intent.pageId, null);
    case "destination.update": {
      const ports = notionPorts(operationContext(ctx, "interactive"));
      const result = await writeDestination(ports, intent.pageId, intent.url, intent.source);
      if (result.status === "conflict")
        await reportConflict(ctx, { event: result.conflict, firstReport: true });
      return;
    }
  }
}

/** A row write is replayed as the row step on the row as it is now: the same link lookup, plan and writes as a cycle. */
async function resyncRow(ctx: DatabaseContext, pageId: string, mintBase: string | null): Promise<void> {
  const row = await ctx.notion.row(pageId, "sync");
  if (row !== null) await syncOneRow(ctx, row, { priority: "sync", mintBase, readJustNow: true });
}

/**
 * A conflict this agent recorded before a crash. Still queued, its reset of the link was never tried: nothing to
 * report here, the row step that follows decides the row again (the conflict again if the link still holds the dropped
 * value; nothing if another agent reset it, whose conflict it is). Marked sent, the reset may have landed, or another
 * agent's may have won. With a keyed reset (engine/conflict-intent.ts) the replay sends it again under its key: the
 * provider answers the link when this agent's reset is the one that landed (before the crash, or now), and then the
 * comment is posted if missing and the conflict reported; another write won the link, and this agent does neither.
 * Without one (a provider without keyed updates, an intent of an older version) the comment is posted if the row has
 * none with the conflict's ref yet, and the conflict is reported if the first such comment is this agent's (it states
 * the time this agent found the conflict). Either way once (`reportConflict` checks the audit log).
 */
async function replayConflict(
  ctx: DatabaseContext,
  intent: Extract<WriteIntent, { kind: "comment.create" }>,
  wasSent: boolean,
  entryId: string,
): Promise<void> {
  const parsed = parseConflictComment(intent.text);
  const row = await ctx.notion.row(intent.pageId, "sync");
  if (parsed === null || row === null) return;
  if (!wasSent) return;
  const reset = ctx.provider.capabilities.idempotentUpdate ? intent.reset : undefined;
  if (reset !== undefined && (await sendReset(ctx, reset, entryId)) === null) return;
  const operations = operationContext(ctx, "sync");
  const linkId =
    reset?.linkId ??
    row.linkId ??
    (await ctx.store.getSnapshot(ctx.key, intent.pageId))?.linkId ??
    (await ctx.provider.findByIdempotencyKey(mintIdempotencyKey(intent.pageId)))?.id;
  if (linkId === undefined) return;
  const recorded = await recordConflict(operations, {
    databaseId: ctx.databaseId,
    row,
    linkId,
    conflictId: parsed.conflictId,
    kept: parsed.kept,
    dropped: parsed.dropped,
    droppedSource: parsed.droppedSource,
    ...(intent.at !== undefined ? { at: intent.at } : {}),
    ...(reset !== undefined ? { owned: true } : {}),
  });
  await reportConflict(ctx, recorded);
}
