import { parseConflictComment } from "../merge/conflict-comment";
import { recordConflict } from "../operations/record-conflict";
import { updateDestination } from "../operations/update-destination";
import type { WriteIntent } from "../outbox/write-intent";
import type { DatabaseContext } from "./database-context";
import { syncOneRow } from "./row-step";
import { operationContext, reportConflict } from "./row-writes";

/**
 * What a pending intent means after a restart or once the network is back. Row writes are not blindly repeated:
 * the row is read, its link fetched, and the row planned again, which converges on the same result when the write
 * had landed and finishes it when it had not (a Notion edit made meanwhile is respected, not overwritten). A
 * conflict comment is posted only if the row does not carry it yet.
 */
export async function replayIntent(ctx: DatabaseContext, intent: WriteIntent): Promise<void> {
  switch (intent.kind) {
    case "link.create":
    case "link.update":
    case "page.update":
    case "qr.upload":
      return resyncRow(ctx, intent.pageId);
    case "comment.create":
      return repostConflict(ctx, intent.pageId, intent.text);
    case "destination.update": {
      const result = await updateDestination(
        operationContext(ctx, "interactive"),
        { pageId: intent.pageId },
        intent.url,
        intent.source,
      );
      if (result.status === "conflict")
        await reportConflict(ctx, { event: result.conflict, firstReport: true });
      return;
    }
  }
}

/** A row write is replayed as the row step on the row as it is now: the same link lookup, plan and writes as a cycle. */
async function resyncRow(ctx: DatabaseContext, pageId: string): Promise<void> {
  const row = await ctx.notion.row(pageId, "sync");
  if (row !== null) await syncOneRow(ctx, row, { priority: "sync" });
}

async function repostConflict(ctx: DatabaseContext, pageId: string, text: string): Promise<void> {
  const parsed = parseConflictComment(text);
  const row = await ctx.notion.row(pageId, "sync");
  if (parsed === null || row === null || row.linkId === null) return;
  const recorded = await recordConflict(operationContext(ctx, "sync"), {
    databaseId: ctx.databaseId,
    row,
    linkId: row.linkId,
    conflictId: parsed.conflictId,
    kept: parsed.kept,
    dropped: parsed.dropped,
    droppedSource: parsed.droppedSource,
  });
  await reportConflict(ctx, recorded);
}
