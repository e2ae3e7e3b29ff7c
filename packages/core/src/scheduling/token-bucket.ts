/** Tokens below 1 by less than this count as a whole token, so float rounding never adds a 1 ms wait. */
const EPSILON = 1e-9;

/**
 * A token bucket over caller-supplied time (no clock of its own, no timers): `ratePerSecond` tokens flow in up to
 * `capacity`; a request may start when a whole token is there. `holdUntil` empties it until a moment in the future,
 * which is how a server's "stop until" (Retry-After) is obeyed.
 */
/** A bucket's whole state, for a bucket kept outside the process (a row shared by the server's workers). */
export interface TokenBucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    if (!(ratePerSecond > 0))
      throw new RangeError(`A token bucket needs a positive rate, got ${ratePerSecond}.`);
    if (!(capacity >= 1))
      throw new RangeError(`A token bucket needs a capacity of at least 1, got ${capacity}.`);
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** The same bucket as one saved with `state()`. */
  static restore(ratePerSecond: number, capacity: number, state: TokenBucketState): TokenBucket {
    const bucket = new TokenBucket(ratePerSecond, capacity, state.updatedAt);
    bucket.tokens = Math.min(capacity, state.tokens);
    return bucket;
  }

  state(): TokenBucketState {
    return { tokens: this.tokens, updatedAt: this.updatedAt };
  }

  /** Milliseconds from `now` until a whole token is available (0 when one is there already). */
  msUntilToken(now: number): number {
    this.refill(now);
    const start = Math.max(now, this.updatedAt);
    const missing = 1 - this.tokens;
    const fill = missing <= EPSILON ? 0 : Math.ceil((missing * 1000) / this.ratePerSecond);
    return start - now + fill;
  }

  /** Takes one token. The caller checks `msUntilToken(now) === 0` first; the bucket may go below zero otherwise. */
  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  /** Nothing flows in until `until`; from then the bucket holds `level` tokens and refills as usual. */
  holdUntil(until: number, level: number): void {
    if (until <= this.updatedAt) return;
    this.tokens = Math.min(this.capacity, level);
    this.updatedAt = until;
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = now;
  }
}
