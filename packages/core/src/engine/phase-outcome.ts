import type { WorkDeferred } from "./failures";

/** What a long phase (backfill, clicks refresh) did. */
export interface PhaseOutcome {
  readonly created: number;
  readonly updated: number;
  readonly failed: number;
  /** Set when a transient failure stopped the phase early: the rest waits in the outbox or for the next run. */
  readonly deferred: WorkDeferred | null;
}
