import type { Row } from "../rows/row";
import { checkDestination } from "../validation/destination";
import { mintIdempotencyKey } from "./idempotency-key";
import { gateRow, invalidPlan, type MappedColumns } from "./row-gates";
import type { BackfillPlan } from "./row-plan";

export interface PlanBackfillRowInput {
  readonly row: Row;
  readonly mapped: MappedColumns;
  /** ISO-8601 UTC. */
  readonly now: string;
}

/**
 * Backfill: every row with a Destination and no Short URL gets a link; rows that already have a Short URL are
 * left alone. Needs no provider state: minting is idempotent by page, so a resumed backfill asks again safely.
 */
export function planBackfillRow({ row, mapped, now }: PlanBackfillRowInput): BackfillPlan {
  const gated = gateRow(row, mapped, now);
  if (gated) return gated;
  if (row.shortUrl !== null) return { kind: "skip", pageId: row.pageId, reason: "has_short_url" };
  return planMint(row, mapped, now);
}

/** A row without a link: mint one when its Destination is valid. */
export function planMint(row: Row, mapped: MappedColumns, now: string): BackfillPlan {
  if (row.destination === null || row.destination.trim() === "") {
    return { kind: "skip", pageId: row.pageId, reason: "no_destination" };
  }
  const check = checkDestination(row.destination);
  if (!check.ok) return invalidPlan(row, check.problem, now);
  return {
    kind: "mint",
    pageId: row.pageId,
    create: {
      destination: check.url,
      idempotencyKey: mintIdempotencyKey(row.pageId),
      title: row.title,
      source: "linksync",
      ...(mapped.tags ? { tags: row.tags } : {}),
    },
  };
}
