import { bodyFieldError } from "../errors/api-error";

const DAY_MS = 86_400_000;

/** A point in time from a filter or a value; date-only strings compare by whole UTC day. */
export interface Instant {
  ms: number;
  dateOnly: boolean;
}

export function parseInstant(raw: unknown, path: string): Instant {
  if (typeof raw !== "string" || Number.isNaN(Date.parse(raw))) {
    throw bodyFieldError(path, "should be a valid ISO 8601 date string", raw);
  }
  return { ms: Date.parse(raw), dateOnly: raw.length === 10 };
}

export function startOfDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Compares a value against a filter instant at the filter's precision: -1 before, 0 same, 1 after. */
export function compareAt(valueMs: number, target: Instant): number {
  const left = target.dateOnly ? startOfDay(valueMs) : valueMs;
  const right = target.dateOnly ? startOfDay(target.ms) : target.ms;
  return Math.sign(left - right);
}

export const RELATIVE_RANGES: Record<string, (now: number) => [number, number]> = {
  past_week: (now) => [now - 7 * DAY_MS, now],
  past_month: (now) => [now - 30 * DAY_MS, now],
  past_year: (now) => [now - 365 * DAY_MS, now],
  next_week: (now) => [now, now + 7 * DAY_MS],
  next_month: (now) => [now, now + 30 * DAY_MS],
  next_year: (now) => [now, now + 365 * DAY_MS],
  this_week: (now) => {
    const start = startOfDay(now) - ((new Date(now).getUTCDay() + 6) % 7) * DAY_MS;
    return [start, start + 7 * DAY_MS];
  },
};
