export interface RateLimiterDeps {
  /** Requests let through per second, evenly spaced. */
  readonly perSecond: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Spaces calls to a rate-limited API (Notion allows about three requests a second) and holds every call after a
 * 429 until the time the API asked for. Calls run one at a time, in the order they were scheduled.
 */
export class RateLimiter {
  private readonly spacingMs: number;
  private nextSlotAt = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RateLimiterDeps) {
    if (!(deps.perSecond > 0))
      throw new Error("A rate limiter needs a positive number of requests per second.");
    this.spacingMs = 1000 / deps.perSecond;
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const wait = this.nextSlotAt - this.deps.now();
      if (wait > 0) await this.deps.sleep(wait);
      this.nextSlotAt = Math.max(this.nextSlotAt, this.deps.now()) + this.spacingMs;
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** After a 429: nothing is sent before `retryAfterMs` from now. */
  holdFor(retryAfterMs: number): void {
    this.nextSlotAt = Math.max(this.nextSlotAt, this.deps.now() + retryAfterMs);
  }
}

export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
