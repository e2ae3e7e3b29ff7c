import type { WorkDeferred } from "./failures";

/** What a long phase (backfill, clicks refresh) did. */
export interface PhaseOutcome {
  readonly created: number;
  readonly updated: number;
  readonly failed: number;
  /** Set when a transient failure stopped the phase early: the rest waits in the outbox or for the next run. */
  readonly deferred: WorkDeferred | null;
  /** Stopped before its first write because the database is paused (the schema check said so). */
  readonly paused: boolean;
}

/**
 * Asked once a phase knows it has something to write: verifies the schema (once per run) and answers whether
 * writing may go on. A run with nothing to write never pays for the check.
 */
export type WriteGate = () => Promise<boolean>;
