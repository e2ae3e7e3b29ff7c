/** How failed deliveries are retried and when a subscription is paused, for the engine's and the shortener's webhooks. */
export interface WebhookRetryPolicy {
  /** Delay before the first retry; each further retry waits twice as long, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts per delivery, the first included, before it is marked failed. */
  readonly maxAttempts: number;
  /** Failed attempts in a row (over all deliveries of a subscription) that pause the subscription. */
  readonly pauseAfterFailures: number;
}

/** 30 s, 1, 2, 4 … 64 min, then every 2 h: 12 attempts spread over about 8 hours. */
export const DEFAULT_WEBHOOK_RETRY_POLICY: WebhookRetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 2 * 60 * 60_000,
  maxAttempts: 12,
  pauseAfterFailures: 20,
};

/** The wait after the `attemptsMade`-th failed attempt, or `null` when the delivery gives up. */
export function webhookRetryDelayMs(attemptsMade: number, policy: WebhookRetryPolicy): number | null {
  if (attemptsMade >= policy.maxAttempts) return null;
  return Math.min(policy.baseDelayMs * 2 ** (attemptsMade - 1), policy.maxDelayMs);
}

/** True once a subscription has failed `pauseAfterFailures` attempts in a row. */
export function shouldPauseWebhook(consecutiveFailures: number, policy: WebhookRetryPolicy): boolean {
  return consecutiveFailures >= policy.pauseAfterFailures;
}
