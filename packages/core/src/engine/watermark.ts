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
 * The watermark to store once a cycle's writes have settled, on Notion's clock: `queryTime` is Notion's time when
 * the cycle's query ran (its `Date` header), else the newest `last_edited_time` the query returned. An edit made
 * later has a later timestamp and is caught next time. Never moves backwards; never the agent's clock, which may be
 * minutes off Notion's (`null` keeps the previous watermark: the next cycle overlaps more, nothing is lost).
 */
export function advanceWatermark(previous: string | null, queryTime: string | null): string | null {
  if (queryTime === null || Number.isNaN(Date.parse(queryTime))) return previous;
  const next = new Date(Date.parse(queryTime)).toISOString();
  if (previous !== null && Date.parse(previous) > Date.parse(next)) return previous;
  return next;
}

/** The later of two ISO times (either may be missing). */
export function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
