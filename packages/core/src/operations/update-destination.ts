import type { ConflictEvent } from "../events/events";
import { mintIdempotencyKey } from "../planning/idempotency-key";
import { type ChangeSource, type Link, type LinkProvider, ProviderError } from "../providers/link-provider";
import { publishEventBestEffort } from "../providers/publish-event";
import type { Row } from "../rows/row";
import { type DestinationPlan, planDestinationUpdate } from "./destination-plan";
import type { OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";
import { type DestinationPorts, notionPorts } from "./ports";
import type { ConflictCalls } from "./record-conflict";

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

/** Compare-and-set attempts on the link before giving up (each retry re-reads row and link and plans again). */
const MAX_ATTEMPTS = 3;

/**
 * A Destination write made outside Notion, applied at once by a stateless client (Zapier): `writeDestination` on
 * the connection's ports, then the conflict, if any, reported to the link provider for the instant triggers. The
 * agent runs the same `writeDestination` under an outbox intent (agent/outside-writes.ts).
 */
export async function updateDestination(
  ctx: OperationContext<ConflictCalls>,
  target: LinkTarget,
  url: string,
  source: ChangeSource,
): Promise<DestinationUpdate> {
  const pageId = "pageId" in target ? target.pageId : await pageOfLink(ctx, target.linkId);
  const result = await writeDestination(notionPorts(ctx), pageId, url, source);
  // Zapier's instant New Conflict hears of it through the provider; a lost report is still found by polling.
  if (result.status === "conflict" && result.firstReport)
    await publishEventBestEffort(ctx.provider, { type: "conflict", data: result.conflict });
  return result;
}

/**
 * THE Destination write from outside Notion, with the sync rule: the row and its link are read, the write planned
 * (`planDestinationUpdate`: when Notion still holds the last synced value, the link is updated and so are Notion's
 * Destination, Synced Destination and Last Synced in one page update; when Notion changed since, Notion wins, the
 * link is reset to Notion's value and the conflict recorded on the row), then carried out. A link written meanwhile
 * (`version_conflict` on the compare-and-set) is read again and the write planned again. A conflict is a result,
 * not an error.
 */
export async function writeDestination(
  ports: DestinationPorts,
  pageId: string,
  url: string,
  source: ChangeSource,
): Promise<DestinationUpdate> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { row, dataSourceId } = await ports.rows.read(pageId, COLUMNS);
      const link = await linkOf(ports.provider, row);
      const plan = planDestinationUpdate({
        row,
        link,
        databaseId: dataSourceId,
        requested: url,
        source,
        now: ports.now(),
      });
      return await carryOut(ports, row.pageId, link.id, plan);
    } catch (error) {
      const raced = error instanceof ProviderError && error.code === "version_conflict";
      if (!raced || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** The thin executor: the plan's writes in order, link first, nothing decided here. */
async function carryOut(
  ports: DestinationPorts,
  pageId: string,
  linkId: string,
  plan: DestinationPlan,
): Promise<DestinationUpdate> {
  const ids = { pageId, linkId };
  if (plan.kind === "invalid") {
    throw new OperationError("invalid_destination", plan.problem.message, { ...ids, column: "destination" });
  }
  if (plan.kind === "unchanged") return { status: "unchanged", ...ids, destination: plan.destination };
  if (plan.link) {
    const { destination, source, ifVersion } = plan.link;
    await ports.provider.update(linkId, { destination }, { source, ifVersion });
  }
  await ports.rows.write(pageId, plan.row);
  if (plan.kind === "apply") return { status: "applied", ...ids, destination: plan.destination };
  const { event, firstReport } = await ports.conflicts.record(plan.conflict);
  const { kept, dropped } = plan.conflict;
  return { status: "conflict", ...ids, kept, dropped, conflict: event, firstReport };
}

export async function pageOfLink(ctx: Pick<OperationContext, "provider">, linkId: string): Promise<string> {
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

export async function linkOf(provider: LinkProvider, row: Row): Promise<Link> {
  if (row.linkId === null) {
    throw new OperationError(
      "row_not_linked",
      `The row "${row.title}" has no short link yet. Create its link first (Create Short Link, or let Linksync sync the database).`,
      { pageId: row.pageId },
    );
  }
  const link = await provider.get(row.linkId);
  if (link === null) {
    throw new OperationError(
      "link_not_found",
      `The row "${row.title}" names link ${row.linkId}, which the link provider does not know. Check the row's Link ID in Notion: it must be the id of a link at your link provider.`,
      { pageId: row.pageId, linkId: row.linkId },
    );
  }
  return link;
}
