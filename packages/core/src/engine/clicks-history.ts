/** The sum of a database's click counts at one clicks refresh: one point of the dashboard's "Clicks over time". */
export interface ClicksPoint {
  /** ISO time of the refresh. */
  readonly at: string;
  readonly total: number;
}

/** Points kept per database: a week of refreshes at the default 5-minute interval. */
export const CLICKS_HISTORY_LIMIT = 2_016;

/** The history with `point` appended, the oldest points dropped beyond `limit` so the state file stays bounded. */
export function appendClicksPoint(
  history: readonly ClicksPoint[],
  point: ClicksPoint,
  limit: number = CLICKS_HISTORY_LIMIT,
): readonly ClicksPoint[] {
  return [...history, point].slice(-limit);
}
