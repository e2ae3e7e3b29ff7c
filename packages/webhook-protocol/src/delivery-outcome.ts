import type { WebhookAttempt } from "./delivery-attempt";
import { shouldPauseWebhook, type WebhookRetryPolicy, webhookRetryDelayMs } from "./retry-policy";

/** Finished deliveries kept per webhook for its delivery log; older ones are dropped. */
export const WEBHOOK_LOG_SIZE = 100;

/** What one attempt makes of its delivery. */
export interface DeliveryAfterAttempt {
  readonly state: "delivered" | "pending" | "failed";
  /** The wait before the next attempt; `null` unless still pending. */
  readonly retryInMs: number | null;
}

/**
 * The delivery after its `attemptsMade`-th attempt (this one counted): delivered on a 2xx, else retried on the
 * policy's back-off until it gives up. The engine and the shortener record every attempt by this one rule.
 */
export function deliveryAfterAttempt(
  attempt: WebhookAttempt,
  attemptsMade: number,
  policy: WebhookRetryPolicy,
): DeliveryAfterAttempt {
  if (attempt.error === null) return { state: "delivered", retryInMs: null };
  const delay = webhookRetryDelayMs(attemptsMade, policy);
  return delay === null ? { state: "failed", retryInMs: null } : { state: "pending", retryInMs: delay };
}

/**
 * Whether a webhook that has now failed `consecutiveFailures` attempts in a row, the last with `lastError`, is
 * paused: the sentence shown with the pause, or `null` to keep sending.
 */
export function webhookPauseReason(
  consecutiveFailures: number,
  lastError: string,
  policy: WebhookRetryPolicy,
): string | null {
  if (!shouldPauseWebhook(consecutiveFailures, policy)) return null;
  const last = lastError.replace(/\.$/, "");
  return `Paused after ${consecutiveFailures} failed deliveries in a row (last: ${last}). Fix the receiver, then resume the webhook.`;
}
