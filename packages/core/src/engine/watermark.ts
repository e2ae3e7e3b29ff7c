/**
 * The `last_edited_time` watermark. Notion rounds the timestamp to the minute and indexes edits eventually, so the
 * next query starts well before the last one ended; content comparison with the snapshots makes the overlap free.
 */

/** Never less than two minutes: one for the rounding, one for indexing lag. */
export const MIN_OVERLAP_MS = 2 * 60_000;

/** The `on_or_after` bound of the next cycle's query, or `null` for a full scan (no watermark yet). */
export function queryFloor(watermark: string | null, overlapMs: number = MIN_OVERLAP_MS): string | null {
  if (watermark === null) return null;
  const overlap = Math.max(overlapMs, MIN_OVERLAP_MS);
  return new Date(Date.parse(watermark) - overlap).toISOString();
}

/**
 * The watermark to store once a cycle's writes have settled: the time the cycle's query started (an edit made
 * during the cycle has a later timestamp and is caught next time), never moving backwards.
 */
export function advanceWatermark(previous: string | null, cycleStartedAt: number): string {
  const next = new Date(cycleStartedAt).toISOString();
  if (previous !== null && Date.parse(previous) > cycleStartedAt) return previous;
  return next;
}
