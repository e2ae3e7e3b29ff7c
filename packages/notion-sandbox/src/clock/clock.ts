/** The sandbox's notion of "now". Tests advance it instead of sleeping; it never runs backwards. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(start: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => start() + offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`advanceClock needs a non-negative number of milliseconds, got ${ms}.`);
      }
      offsetMs += ms;
    },
  };
}

/** Notion rounds page and data source timestamps down to the minute. */
export function floorToMinute(ms: number): number {
  return ms - (ms % 60_000);
}

export function toMinuteIso(ms: number): string {
  return new Date(floorToMinute(ms)).toISOString();
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
