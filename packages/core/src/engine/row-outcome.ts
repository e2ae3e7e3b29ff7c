/**
 * What one row step did, returned, never thrown: the one vocabulary of the cycle, webhook row syncs, replays and
 * the run's totals. `settled`: nothing to write, the snapshot caught up; `paused`: stopped before its first write
 * because the database is paused.
 */
export type RowOutcome = "created" | "updated" | "conflict" | "failed" | "settled" | "skipped" | "paused";

/** How many rows ended each way. */
export type OutcomeCounts = { readonly [O in RowOutcome]: number };

export const NO_OUTCOMES: OutcomeCounts = {
  created: 0,
  updated: 0,
  conflict: 0,
  failed: 0,
  settled: 0,
  skipped: 0,
  paused: 0,
};

/** A mutable tally, for a phase counting its rows as they end. */
export function outcomeTally(): Record<RowOutcome, number> {
  return { ...NO_OUTCOMES };
}

export function addOutcomes(a: OutcomeCounts, b: Partial<OutcomeCounts>): OutcomeCounts {
  const sum = { ...a };
  for (const key of Object.keys(b) as RowOutcome[]) sum[key] += b[key] ?? 0;
  return sum;
}
