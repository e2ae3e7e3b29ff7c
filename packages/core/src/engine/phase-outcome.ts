/** What a long phase (backfill, clicks refresh) did. */
export interface PhaseOutcome {
  readonly created: number;
  readonly updated: number;
  readonly failed: number;
  /** Stopped early by a transient failure: the rest waits in the outbox or for the next run. */
  readonly deferred: boolean;
}
