/** How long to wait before retrying a failed request when the server gave no `Retry-After`. */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** No delay ever exceeds this, jitter included. */
  readonly maxMs: number;
  /** Fraction of each delay randomised either way, so clients that failed together do not retry in step. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 8_000, jitter: 0.2 };

/**
 * Delay before retry number `retry` (1 for the first retry): 250 ms, 500 ms, 1 s, 2 s, 4 s, then 8 s for every
 * later retry, each moved by up to ±jitter. `random` returns a number in [0, 1); 0.5 gives the nominal delay.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const nominal = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, retry - 1));
  const jittered = nominal * (1 + policy.jitter * (2 * random() - 1));
  return Math.round(Math.min(policy.maxMs, Math.max(0, jittered)));
}
