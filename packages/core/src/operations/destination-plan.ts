import type { RowPatch } from "../codec/row-patch";
import { decideUpdateDestination } from "../merge/destination";
import type { ChangeSource, Link } from "../providers/link-provider";
import type { Row } from "../rows/row";
import { sameDestination } from "../validation/destination";
import type { RowProblem } from "../validation/row-problem";
import type { ConflictFinding } from "./record-conflict";
import { conflictInstant } from "./record-conflict";

/** The link's new destination, written only if the link still has the version it was read at. */
export interface LinkWrite {
  readonly destination: string;
  readonly source: ChangeSource;
  readonly ifVersion: Link["version"];
}

/**
 * What one Destination write made outside Notion does to a row and its link, as data: nothing (`unchanged`), the
 * value written (`apply`), or Notion's value kept and the request recorded as a conflict. The writes run in the
 * order given: the link, then the row's one page update, then the conflict's record.
 */
export type DestinationPlan =
  | { readonly kind: "invalid"; readonly problem: RowProblem }
  | { readonly kind: "unchanged"; readonly destination: string }
  | {
      readonly kind: "apply";
      readonly destination: string;
      readonly link: LinkWrite | null;
      readonly row: RowPatch;
    }
  | {
      readonly kind: "conflict";
      readonly link: LinkWrite | null;
      readonly row: RowPatch;
      readonly conflict: ConflictFinding & { readonly at: string };
    };

export interface DestinationPlanInput {
  readonly row: Row;
  readonly link: Link;
  /** The id conflict events carry for the database. */
  readonly databaseId: string;
  readonly requested: string;
  readonly source: ChangeSource;
  /** ISO-8601 UTC. */
  readonly now: string;
}

/** Pure: the sync rule (`decideUpdateDestination`) turned into the writes that carry it out. */
export function planDestinationUpdate(input: DestinationPlanInput): DestinationPlan {
  const { row, link, source } = input;
  const decision = decideUpdateDestination({
    pageId: row.pageId,
    notion: row.destination,
    link: link.destination,
    base: row.syncedDestination,
    requested: input.requested,
    source,
  });
  switch (decision.kind) {
    case "invalid":
      return decision;
    case "applied": {
      const { value, writeLink, writeNotion } = decision;
      if (!writeLink && !writeNotion && sameDestination(row.syncedDestination, value)) {
        return { kind: "unchanged", destination: value };
      }
      return {
        kind: "apply",
        destination: value,
        link: writeLink ? { destination: value, source, ifVersion: link.version } : null,
        row: {
          ...(writeNotion ? { destination: value } : {}),
          syncedDestination: value,
          lastSynced: input.now,
        },
      };
    }
    case "conflict": {
      const at = conflictInstant(input.now);
      return {
        kind: "conflict",
        link: decision.resetLink
          ? { destination: decision.kept, source: "linksync", ifVersion: link.version }
          : null,
        // Notion's value is now on both sides: it becomes the base, in the same update that indexes the conflict.
        row: { syncedDestination: decision.kept, lastSynced: at, conflictAt: at },
        conflict: {
          databaseId: input.databaseId,
          row: { ...row, conflictAt: at },
          linkId: link.id,
          conflictId: decision.conflictId,
          kept: decision.kept,
          dropped: decision.dropped,
          droppedSource: decision.droppedSource,
          at,
        },
      };
    }
  }
}
