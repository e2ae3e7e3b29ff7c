import type { SqlClient } from "../database/sql-client";

/**
 * Where the limiter's next free slot is kept: in memory for one process, or in the database (`SqlRateSlots`) so every
 * instance of the server shares one budget.
 */
export interface RateSlots {
  /** Takes the next slot at least `spacingMs` after the previous one and not before `nowMs`; answers its time. */
  take(spacingMs: number, nowMs: number): Promise<number>;
  /** No slot before `untilMs`. */
  holdUntil(untilMs: number): Promise<void>;
}

export interface RateLimiterDeps {
  /** Requests let through per second, evenly spaced. */
  readonly perSecond: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Default: this process's memory. */
  readonly slots?: RateSlots;
}

/**
 * Spaces calls to a rate-limited API (Notion allows about three requests a second) and holds every call after a
 * 429 until the time the API asked for. Calls of one process run one at a time, in the order they were scheduled,
 * each at the next free slot of the (possibly shared) budget.
 */
export class RateLimiter {
  private readonly spacingMs: number;
  private readonly slots: RateSlots;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RateLimiterDeps) {
    if (!(deps.perSecond > 0))
      throw new Error("A rate limiter needs a positive number of requests per second.");
    this.spacingMs = 1000 / deps.perSecond;
    this.slots = deps.slots ?? new MemoryRateSlots();
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const slotAt = await this.slots.take(this.spacingMs, this.deps.now());
      const wait = slotAt - this.deps.now();
      if (wait > 0) await this.deps.sleep(wait);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** After a 429: nothing is sent before `retryAfterMs` from now. */
  holdFor(retryAfterMs: number): Promise<void> {
    return this.slots.holdUntil(this.deps.now() + retryAfterMs);
  }
}

export class MemoryRateSlots implements RateSlots {
  private nextSlotAt = 0;

  async take(spacingMs: number, nowMs: number): Promise<number> {
    const slotAt = Math.max(this.nextSlotAt, nowMs);
    this.nextSlotAt = slotAt + spacingMs;
    return slotAt;
  }

  async holdUntil(untilMs: number): Promise<void> {
    this.nextSlotAt = Math.max(this.nextSlotAt, untilMs);
  }
}

/**
 * The slots of the limiter `name` in the database (`rate_limits`), one row updated per call: every instance
 * takes its slots from the same budget, so N instances together stay within the rate (and all respect a 429 any of
 * them got). Times are epoch milliseconds of the callers' clocks.
 */
export class SqlRateSlots implements RateSlots {
  constructor(
    private readonly sql: SqlClient,
    private readonly name: string,
  ) {}

  async take(spacingMs: number, nowMs: number): Promise<number> {
    const { rows } = await this.sql.query<{ next_slot_ms: number | string }>(
      `INSERT INTO rate_limits AS r (name, next_slot_ms) VALUES ($1, $2::double precision + $3)
       ON CONFLICT (name) DO UPDATE SET next_slot_ms = GREATEST(r.next_slot_ms, $2) + $3
       RETURNING next_slot_ms`,
      [this.name, nowMs, spacingMs],
    );
    return Number(rows[0]!.next_slot_ms) - spacingMs;
  }

  async holdUntil(untilMs: number): Promise<void> {
    await this.sql.query(
      `INSERT INTO rate_limits AS r (name, next_slot_ms) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET next_slot_ms = GREATEST(r.next_slot_ms, $2)`,
      [this.name, untilMs],
    );
  }
}

export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
