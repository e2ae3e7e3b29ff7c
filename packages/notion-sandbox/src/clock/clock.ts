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

/**
 * A visibility delay for tests that exercise the engine as Notion behaves: an edit reaches query filters a
 * moment after it was written.
 */
export const SCENARIO_VISIBILITY_DELAY_MS = 1_500;

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
