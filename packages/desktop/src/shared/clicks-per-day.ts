import type { ClicksPoint } from "@linksync/core";

/** One day of the "Clicks per day" chart; `clicks` is null when Linksync recorded nothing that day (not running). */
export interface DayClicks {
  /** YYYY-MM-DD in the window's time zone. */
  readonly day: string;
  readonly clicks: number | null;
}

/**
 * Clicks per day from the totals recorded at each clicks refresh (a running sum): a day's clicks are its last total
 * minus the last total of the day before it that has one. The history's first day counts from its first point, so
 * clicks made before Linksync began recording are not put on that day. The last `days` days up to `today`, oldest
 * first, never before the history starts. Pure.
 */
export function clicksPerDay(
  points: readonly ClicksPoint[],
  days: number,
  today: string,
  dayOf: (iso: string) => string = localDay,
): readonly DayClicks[] {
  const lastOfDay = new Map<string, number>();
  for (const point of points) lastOfDay.set(dayOf(point.at), point.total);
  const first = points[0];
  if (!first) return [];
  const firstDay = dayOf(first.at);
  const recorded = [...lastOfDay.keys()].sort();
  const shown = lastDays(today, days).filter((day) => day >= firstDay);
  return shown.map((day) => {
    const total = lastOfDay.get(day);
    if (total === undefined) return { day, clicks: null };
    const before = recorded.filter((other) => other < day).at(-1);
    const baseline = before === undefined ? first.total : (lastOfDay.get(before) ?? 0);
    return { day, clicks: Math.max(0, total - baseline) };
  });
}

/** The `days` calendar days ending with `today` (YYYY-MM-DD), oldest first. */
function lastDays(today: string, days: number): string[] {
  const [year, month, date] = today.split("-").map(Number);
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (date ?? 1) - (days - 1 - i)));
    return day.toISOString().slice(0, 10);
  });
}

/** The calendar day of an instant in the window's time zone, as YYYY-MM-DD. */
export function localDay(iso: string | number): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
