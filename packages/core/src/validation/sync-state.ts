import type { SyncState } from "../fields/field-map";
import type { Row } from "../rows/row";
import type { RowProblem } from "./row-problem";

/** What the Sync column says about a row, when the column is mapped. */
export type SyncGate =
  | { readonly kind: "live" }
  | { readonly kind: "held"; readonly state: Exclude<SyncState, "Live"> | "empty" }
  | { readonly kind: "invalid"; readonly problem: RowProblem };

/** Only Live rows sync when Sync is mapped; an unknown option is a problem to report, not a silent skip. */
export function syncGate(sync: Row["sync"], syncMapped: boolean): SyncGate {
  if (!syncMapped || sync === "Live") return { kind: "live" };
  if (sync === null) return { kind: "held", state: "empty" };
  if (typeof sync === "string") return { kind: "held", state: sync };
  return {
    kind: "invalid",
    problem: {
      code: "sync_unknown",
      column: "sync",
      message: `Sync is "${sync.unknown}", which Linksync does not know. Choose Draft, Live or Paused.`,
    },
  };
}
