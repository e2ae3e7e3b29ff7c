import type { Clock } from "../clock/clock";

export interface RateLimitSettings {
  /** Average requests per second each token may make. */
  perSecond: number;
  /** How many requests a token may make at once before the average applies. */
  burst: number;
}

/** Notion documents an average of three requests per second per integration, with some bursts allowed. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { perSecond: 3, burst: 5 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** A token bucket per API token, timed by the sandbox clock so tests can refill it by advancing time. */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  #settings: RateLimitSettings | false;

  constructor(
    private readonly clock: Clock,
    settings: RateLimitSettings | false = DEFAULT_RATE_LIMIT,
  ) {
    this.#settings = validated(settings);
  }

  get settings(): RateLimitSettings | false {
    return this.#settings;
  }

  configure(settings: RateLimitSettings | false): void {
    this.#settings = validated(settings);
    this.#buckets.clear();
  }

  take(key: string): RateDecision {
    const settings = this.#settings;
    if (settings === false) return { allowed: true };
    const now = this.clock.now();
    const bucket = this.#buckets.get(key) ?? { tokens: settings.burst, refilledAt: now };
    bucket.tokens = Math.min(
      settings.burst,
      bucket.tokens + ((now - bucket.refilledAt) / 1000) * settings.perSecond,
    );
    bucket.refilledAt = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitSeconds = (1 - bucket.tokens) / settings.perSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  reset(): void {
    this.#buckets.clear();
  }
}

function validated(settings: RateLimitSettings | false): RateLimitSettings | false {
  if (settings === false) return false;
  if (!(settings.perSecond > 0) || !(settings.burst >= 1)) {
    throw new RangeError(
      `Rate limit needs perSecond > 0 and burst >= 1 (got ${settings.perSecond}/s, burst ${settings.burst}); pass false to turn it off.`,
    );
  }
  return { ...settings };
}
