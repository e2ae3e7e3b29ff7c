import { encodeRowPatch } from "../codec/encode-row-patch";
import type { RowPatch } from "../codec/row-patch";
import type { ConflictEvent } from "../events/events";
import { decideUpdateDestination } from "../merge/destination";
import { mintIdempotencyKey } from "../planning/idempotency-key";
import { type ChangeSource, type Link, ProviderError } from "../providers/link-provider";
import { publishEventBestEffort } from "../providers/publish-event";
import type { Row } from "../rows/row";
import { sameDestination } from "../validation/destination";
import { readRow } from "./mapped-columns";
import { callOptions, nowIso, type OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";
import { conflictInstant, recordConflict } from "./record-conflict";

/** The row whose Destination is written: by its page, or by its link. */
export type LinkTarget = { readonly pageId: string } | { readonly linkId: string };

/** What a Destination write did once applied: written, already so, or a conflict Notion won. */
export type DestinationOutcome =
  | {
      readonly status: "applied";
      readonly pageId: string;
      readonly linkId: string;
      readonly destination: string;
    }
  | {
      readonly status: "unchanged";
      readonly pageId: string;
      readonly linkId: string;
      readonly destination: string;
    }
  | {
      readonly status: "conflict";
      readonly pageId: string;
      readonly linkId: string;
      readonly kept: string;
      readonly dropped: string;
      readonly conflict: ConflictEvent;
    };

/** What a stateless update answers: it writes at once or fails, so it is never `queued` (only an agent's outbox is). */
export type DestinationUpdate =
  | Exclude<DestinationOutcome, { readonly status: "conflict" }>
  | (Extract<DestinationOutcome, { readonly status: "conflict" }> & {
      /** False when another agent or run already reported this conflict: do not announce it again. */
      readonly firstReport: boolean;
    });

/** Columns read and written here. */
const COLUMNS = ["title", "destination", "linkId", "syncedDestination", "lastSynced", "conflictAt"] as const;

/** Compare-and-set attempts on the link before giving up (each retry re-reads row and link and decides again). */
const MAX_ATTEMPTS = 3;

/**
 * A Destination write made outside Notion (Zapier, the desktop app), applied at once with the sync rule: when
 * Notion still holds the last synced value, the link is updated (compare-and-set on its version) and so are Notion's
 * Destination, Synced Destination and Last Synced in one page update. When Notion changed since then, Notion wins:
 * the link is reset to Notion's value and the conflict is recorded on the row. A conflict is a result, not an error.
 */
export async function updateDestination(
  ctx: OperationContext,
  target: LinkTarget,
  url: string,
  source: ChangeSource,
): Promise<DestinationUpdate> {
  const pageId = "pageId" in target ? target.pageId : await pageOfLink(ctx, target.linkId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await decideAndWrite(ctx, pageId, url, source);
    } catch (error) {
      const raced = error instanceof ProviderError && error.code === "version_conflict";
      if (!raced || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function decideAndWrite(
  ctx: OperationContext,
  pageId: string,
  url: string,
  source: ChangeSource,
): Promise<DestinationUpdate> {
  const { row, dataSourceId } = await readRow(ctx, pageId, COLUMNS);
  const link = await linkOf(ctx, row);
  const decision = decideUpdateDestination({
    pageId: row.pageId,
    notion: row.destination,
    link: link.destination,
    base: row.syncedDestination,
    requested: url,
    source,
  });
  const ids = { pageId: row.pageId, linkId: link.id };

  if (decision.kind === "invalid") {
    throw new OperationError("invalid_destination", decision.problem.message, {
      ...ids,
      column: "destination",
    });
  }

  if (decision.kind === "applied") {
    const { value, writeLink, writeNotion } = decision;
    if (!writeLink && !writeNotion && sameDestination(row.syncedDestination, value)) {
      return { status: "unchanged", ...ids, destination: value };
    }
    if (writeLink)
      await ctx.provider.update(link.id, { destination: value }, { source, ifVersion: link.version });
    const patch: RowPatch = {
      ...(writeNotion ? { destination: value } : {}),
      syncedDestination: value,
      lastSynced: nowIso(ctx),
    };
    await writeRow(ctx, row.pageId, patch);
    return { status: "applied", ...ids, destination: value };
  }

  const at = conflictInstant(nowIso(ctx));
  if (decision.resetLink) {
    await ctx.provider.update(
      link.id,
      { destination: decision.kept },
      { source: "linksync", ifVersion: link.version },
    );
  }
  // Notion's value is now on both sides: it becomes the base, in the same update that indexes the conflict.
  await writeRow(ctx, row.pageId, { syncedDestination: decision.kept, lastSynced: at, conflictAt: at });
  const { event, firstReport } = await recordConflict(ctx, {
    databaseId: dataSourceId,
    row: { ...row, conflictAt: at },
    linkId: link.id,
    conflictId: decision.conflictId,
    kept: decision.kept,
    dropped: decision.dropped,
    droppedSource: decision.droppedSource,
    at,
  });
  // Zapier's instant New Conflict hears of it through the provider; a lost report is still found by polling.
  if (firstReport) await publishEventBestEffort(ctx.provider, { type: "conflict", data: event });
  return {
    status: "conflict",
    ...ids,
    kept: decision.kept,
    dropped: decision.dropped,
    conflict: event,
    firstReport,
  };
}

export async function pageOfLink(ctx: OperationContext, linkId: string): Promise<string> {
  const link = await ctx.provider.get(linkId);
  const pageId = link ? pageOfKey(link.externalId) : null;
  if (pageId === null) {
    throw new OperationError(
      "link_not_found",
      link
        ? `Link ${linkId} was not created by Linksync for a Notion row, so it has no Destination to keep in sync. Pick a link from your Linksync database.`
        : `No link has id ${linkId} at the link provider. Pick an existing link (Find Link searches them).`,
      { linkId },
    );
  }
  return pageId;
}

/** The page a link was minted for, read back from its idempotency key; `null` for links Linksync did not mint. */
function pageOfKey(key: string | null): string | null {
  const prefix = mintIdempotencyKey("");
  return key?.startsWith(prefix) ? key.slice(prefix.length) : null;
}

export async function linkOf(ctx: OperationContext, row: Row): Promise<Link> {
  if (row.linkId === null) {
    throw new OperationError(
      "row_not_linked",
      `The row "${row.title}" has no short link yet. Create its link first (Create Short Link, or let Linksync sync the database).`,
      { pageId: row.pageId },
    );
  }
  const link = await ctx.provider.get(row.linkId);
  if (link === null) {
    throw new OperationError(
      "link_not_found",
      `The row "${row.title}" names link ${row.linkId}, which the link provider does not know. Check the row's Link ID in Notion: it must be the id of a link at your link provider.`,
      { pageId: row.pageId, linkId: row.linkId },
    );
  }
  return link;
}

async function writeRow(ctx: OperationContext, pageId: string, patch: RowPatch): Promise<void> {
  await ctx.notion.updatePage(
    { page_id: pageId, properties: encodeRowPatch(patch, ctx.fieldMap) },
    callOptions(ctx),
  );
}
