import type { ConflictReset, WriteIntent } from "../outbox/write-intent";
import type { PlannedConflict } from "../planning/row-plan";
import { type Link, type LinkPatch, ProviderError } from "../providers/link-provider";
import type { Row } from "../rows/row";
import type { DatabaseContext } from "./database-context";
import { rowScope } from "./row-writes";

/*
 * A conflict is the agent's to comment and report when its reset of the link is the write that won. The provider's
 * compare-and-set is the one atomic record two agents share; comment times (to the second) are not: two agents that
 * find a conflict in the same second cannot tell their comments apart. So a conflict's reset is sent under an
 * idempotency key kept in the conflict's intent, and a replay that cannot know whether its reset landed (killed with
 * it on the wire) sends it again under the same key to find out.
 */

/**
 * The conflict's reset of the link, recorded in its intent where the provider takes a key for it
 * (`idempotentUpdate`); null otherwise (the first comment with the conflict's ref then decides who reports).
 */
export function conflictReset(ctx: DatabaseContext, link: Link, patch: LinkPatch): ConflictReset | null {
  if (!ctx.provider.capabilities.idempotentUpdate) return null;
  return {
    linkId: link.id,
    ifVersion: link.version,
    ...(patch.destination !== undefined ? { destination: patch.destination } : {}),
    ...(patch.tags !== undefined ? { tags: [...patch.tags] } : {}),
  };
}

/**
 * The idempotency key a conflict's reset is sent under: its intent's outbox entry id, a random UUID (unique to this
 * agent and intent, whichever agent or server holds the outbox). A replay that decides the same conflict again reuses
 * the pending entry (engine/intents.ts), so every reset sent for one entry carries the key its replay will send.
 */
export function resetKey(entryId: string): string {
  return `linksync-reset:${entryId}`;
}

/** The durable record of a conflict: its comment, from which a replay rebuilds Conflict At, the audit entry and event. */
export function conflictIntent(
  ctx: DatabaseContext,
  row: Row,
  conflict: PlannedConflict,
  reset: ConflictReset | null,
): WriteIntent {
  return {
    kind: "comment.create",
    idempotencyKey: `comment:${conflict.conflictId}`,
    ...rowScope(ctx, row),
    text: conflict.comment,
    marker: conflict.conflictId,
    at: conflict.at,
    ...(reset !== null ? { reset } : {}),
  };
}

/** The link patch of a recorded reset. */
export function resetPatch(reset: ConflictReset): LinkPatch {
  return {
    ...(reset.destination !== undefined ? { destination: reset.destination } : {}),
    ...(reset.tags !== undefined ? { tags: reset.tags } : {}),
  };
}

/**
 * Sends a recorded reset (again): the link when this agent's reset is the one that landed (before the crash, or
 * now), null when another write won the link (`version_conflict`) or the link is gone. A provider that cannot be
 * reached throws, and the conflict's intent stays pending.
 */
export async function sendReset(
  ctx: DatabaseContext,
  reset: ConflictReset,
  entryId: string,
): Promise<Link | null> {
  try {
    return await ctx.provider.update(reset.linkId, resetPatch(reset), {
      source: "linksync",
      ifVersion: reset.ifVersion,
      idempotencyKey: resetKey(entryId),
    });
  } catch (error) {
    if (error instanceof ProviderError && (error.code === "version_conflict" || error.code === "not_found"))
      return null;
    throw error;
  }
}
