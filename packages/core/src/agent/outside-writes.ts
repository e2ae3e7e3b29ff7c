import type { DatabaseContext } from "../engine/database-context";
import { isTransient, WorkDeferred } from "../engine/failures";
import { runIntent } from "../engine/intents";
import { operationContext, reportConflict } from "../engine/row-writes";
import { notionPorts } from "../operations/ports";
import { pageOfLink, writeDestination } from "../operations/update-destination";
import type { WriteIntent } from "../outbox/write-intent";
import type { ChangeSource } from "../providers/link-provider";
import type { LinkTarget, UpdateDestinationResult } from "./agent-api";
import { AgentError } from "./agent-error";

/**
 * A Destination written from outside Notion (the desktop app, a Zap through the agent): the same
 * `writeDestination` Zapier runs, under a `destination.update` intent in the outbox (recorded, sent, settled). When
 * Notion or the provider is unreachable the intent stays pending and the next run replays it (engine/replay.ts).
 */
export async function writeOutsideDestination(
  ctx: DatabaseContext,
  target: LinkTarget,
  url: string,
  source: ChangeSource,
  pending: () => number,
): Promise<UpdateDestinationResult> {
  const page = await pageOf(ctx, target);
  const intent = await destinationIntent(ctx, page.pageId, target, url, source);
  if (!page.reachable) {
    await ctx.outbox.enqueue(intent);
    return { status: "queued", pending: pending() };
  }
  try {
    const ports = notionPorts(operationContext(ctx, "interactive"));
    const result = await runIntent(ctx, intent, () => writeDestination(ports, page.pageId, url, source));
    if (result.status === "conflict") {
      const { firstReport, ...answer } = result;
      await reportConflict(ctx, { event: result.conflict, firstReport });
      return { ...answer, conflict: { ...answer.conflict, databaseId: ctx.databaseId } };
    }
    if (result.status === "applied") await auditOutsideWrite(ctx, result.pageId, url, source);
    return result;
  } catch (error) {
    if (!(error instanceof WorkDeferred)) throw error;
    return { status: "queued", pending: pending() };
  }
}

/** The target's page: a link's is asked of the provider, or found in the local store while it is unreachable. */
async function pageOf(
  ctx: DatabaseContext,
  target: LinkTarget,
): Promise<{ readonly pageId: string; readonly reachable: boolean }> {
  if ("pageId" in target) return { pageId: target.pageId, reachable: true };
  try {
    return { pageId: await pageOfLink(operationContext(ctx, "interactive"), target.linkId), reachable: true };
  } catch (error) {
    if (!isTransient(error)) throw error;
    const pageId = (await ctx.store.findByLinkId(target.linkId))?.snapshot.pageId;
    if (pageId === undefined)
      throw new AgentError(
        "unknown_link",
        `No row of ${ctx.databaseId} holds link ${target.linkId}. Pick a link of this database.`,
      );
    return { pageId, reachable: false };
  }
}

async function destinationIntent(
  ctx: DatabaseContext,
  pageId: string,
  target: LinkTarget,
  url: string,
  source: ChangeSource,
): Promise<WriteIntent> {
  const linkId =
    "linkId" in target ? target.linkId : ((await ctx.store.getSnapshot(ctx.key, pageId))?.linkId ?? "");
  const requestedAt = new Date(ctx.clock.now()).toISOString();
  return {
    kind: "destination.update",
    idempotencyKey: `destination.update:${pageId}:${requestedAt}`,
    connectionId: ctx.key.connectionId,
    dataSourceId: ctx.key.dataSourceId,
    pageId,
    linkId,
    url,
    source,
    requestedAt,
  };
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
