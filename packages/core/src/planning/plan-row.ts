import type { Link } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import { checkDestination } from "../validation/destination";
import type { RowProblem } from "../validation/row-problem";
import { planMint } from "./plan-backfill-row";
import { gateRow, invalidPlan, type MappedColumns } from "./row-gates";
import type { RowPlan } from "./row-plan";
import { syncRow } from "./sync-row";

export interface PlanRowInput {
  readonly row: Row;
  /** The row's link at the provider; `null` when the row has none yet. */
  readonly link: Link | null;
  /** Linksync's record of the row at its last sync; `null` when there is none (first sync, lost state). */
  readonly snapshot: RowSnapshot | null;
  readonly mapped: MappedColumns;
  /** ISO-8601 UTC. */
  readonly now: string;
  /** The link's total clicks when counted this cycle; absent leaves Clicks alone unless it is empty. */
  readonly clicks?: number;
  /**
   * The destination the link was created with, for a link minted but not yet written back to the row (no Synced
   * Destination, no snapshot): the base of the three-way rule, so an outside edit made meanwhile is not overwritten.
   */
  readonly mintBase?: string | null;
}

/**
 * Plans one row of a sync cycle: what to write to the link and to the row, and the snapshot to keep. A row
 * without changes gets no write at all, so an unchanged database costs nothing beyond the query.
 */
export function planRow(input: PlanRowInput): RowPlan {
  const { row, link, mapped, now } = input;
  const gated = gateRow(row, mapped, now);
  if (gated) return gated;
  if (link === null) {
    if (row.linkId !== null) return invalidPlan(row, linkNotFound(row.linkId), now);
    if (row.shortUrl !== null) return { kind: "skip", pageId: row.pageId, reason: "foreign_short_url" };
    return planMint(row, mapped, now);
  }
  const check = checkDestination(row.destination);
  if (!check.ok) return invalidPlan(row, check.problem, now);
  return syncRow({ ...input, link, destination: check.url });
}

function linkNotFound(linkId: string): RowProblem {
  return {
    code: "link_not_found",
    column: "linkId",
    message: `This row's short link (Link ID "${linkId}") no longer exists at the link provider. Restore it there, or clear Link ID to create a new one.`,
  };
}
