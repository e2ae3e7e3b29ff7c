import type { FieldMap } from "../fields/field-map";
import type { Row } from "../rows/row";
import type { RowProblem } from "../validation/row-problem";
import { syncGate } from "../validation/sync-state";
import type { RowPlan, RowWrite } from "./row-plan";

/** A plan that stops a row before syncing: skipped or reported. */
export type GatePlan = Extract<RowPlan, { kind: "skip" | "invalid" }>;

/** Which optional columns a database maps. */
export interface MappedColumns {
  readonly tags: boolean;
  readonly sync: boolean;
}

export function mappedColumns(fieldMap: FieldMap): MappedColumns {
  return { tags: fieldMap.tags !== undefined, sync: fieldMap.sync !== undefined };
}

/**
 * The checks every row passes before anything is planned for it: a trashed row keeps its link and gets no write,
 * a held row (Draft, Paused, empty Sync) waits, and a row with unreadable values is reported rather than synced.
 */
export function gateRow(row: Row, mapped: MappedColumns, now: string): GatePlan | null {
  if (row.inTrash) return { kind: "skip", pageId: row.pageId, reason: "trashed" };
  const gate = syncGate(row.sync, mapped.sync);
  if (gate.kind === "held") {
    const reason = gate.state === "Draft" ? "draft" : gate.state === "Paused" ? "paused" : "sync_empty";
    return { kind: "skip", pageId: row.pageId, reason };
  }
  if (gate.kind === "invalid") return invalidPlan(row, gate.problem, now);
  const [first] = row.problems;
  if (first)
    return invalidPlan(row, { ...first, message: row.problems.map((p) => p.message).join(" ") }, now);
  return null;
}

/** Reports a problem in Sync Error, writing only when the cell does not already say it. */
export function invalidPlan(row: Row, problem: RowProblem, now: string): GatePlan {
  const write: RowWrite | null =
    row.syncError === problem.message
      ? null
      : { patch: { syncError: problem.message, lastSynced: now }, qr: null };
  return { kind: "invalid", pageId: row.pageId, problem, write };
}
