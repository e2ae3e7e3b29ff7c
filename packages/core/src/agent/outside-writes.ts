import type { DatabaseContext } from "../engine/database-context";
import { isTransient } from "../engine/failures";
import { operationContext, reportConflict } from "../engine/row-writes";
import { updateDestination } from "../operations/update-destination";
import type { ChangeSource } from "../providers/link-provider";
import type { LinkTarget, UpdateDestinationResult } from "./agent-api";
import { AgentError } from "./agent-error";

/**
 * A Destination written from outside Notion (the desktop app, a Zap through the agent): applied at once with the
 * sync rule, or queued in the outbox when Notion or the provider is unreachable (replayed by the next run).
 * `onFailure` sees every failure first (a revoked token stops the connection).
 */
export async function writeOutsideDestination(
  ctx: DatabaseContext,
  target: LinkTarget,
  url: string,
  source: ChangeSource,
  pending: () => number,
): Promise<UpdateDestinationResult> {
  try {
    const result = await updateDestination(operationContext(ctx, "interactive"), target, url, source);
    if (result.status === "conflict") {
      const { firstReport, ...answer } = result;
      await reportConflict(ctx, { event: result.conflict, firstReport });
      return { ...answer, conflict: { ...answer.conflict, databaseId: ctx.databaseId } };
    }
    if (result.status === "applied") await auditOutsideWrite(ctx, result.pageId, url, source);
    return result;
  } catch (error) {
    if (!isTransient(error)) throw error;
    await queueDestination(ctx, target, url, source);
    return { status: "queued", pending: pending() };
  }
}

async function queueDestination(
  ctx: DatabaseContext,
  target: LinkTarget,
  url: string,
  source: ChangeSource,
): Promise<void> {
  const pageId =
    "pageId" in target ? target.pageId : (await ctx.store.findByLinkId(target.linkId))?.snapshot.pageId;
  const linkId =
    "linkId" in target
      ? target.linkId
      : ((await ctx.store.getSnapshot(ctx.key, target.pageId))?.linkId ?? "");
  if (pageId === undefined)
    throw new AgentError(
      "unknown_link",
      `No row of ${ctx.databaseId} holds link ${linkId}. Pick a link of this database.`,
    );
  const requestedAt = new Date(ctx.clock.now()).toISOString();
  await ctx.outbox.enqueue({
    kind: "destination.update",
    idempotencyKey: `destination.update:${pageId}:${requestedAt}`,
    connectionId: ctx.key.connectionId,
    dataSourceId: ctx.key.dataSourceId,
    pageId,
    linkId,
    url,
    source,
    requestedAt,
  });
}

/** An outside Destination write applied at once: on the link and in Notion's Destination and Synced Destination. */
async function auditOutsideWrite(
  ctx: DatabaseContext,
  pageId: string,
  url: string,
  source: ChangeSource,
): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  const entry = {
    kind: "write",
    at,
    connectionId: ctx.key.connectionId,
    databaseId: ctx.databaseId,
    pageId,
    title: "",
    from: null,
    to: url,
    reason: `Destination written from ${source}, applied at once`,
    source,
  } as const;
  await ctx.audit.append(
    { ...entry, target: "provider", column: "link destination" },
    { ...entry, target: "notion", column: ctx.fieldMap.destination },
  );
}
