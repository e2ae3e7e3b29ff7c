/**
 * The body of every webhook delivery, the agent's and the shortener's. `id` stays the same across retries, so a
 * receiver can drop duplicates.
 */
export interface WebhookEnvelope<Type extends string, Data> {
  readonly id: string;
  readonly type: Type;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly data: Data;
}

/** How a webhook subscription is shown, by the agent's `listWebhooks` and the shortener's API alike. */
export interface WebhookSubscriptionView<EventName extends string = string> {
  readonly id: string;
  readonly url: string;
  readonly events: readonly EventName[];
  readonly status: "active" | "paused";
  /** Why the webhook was paused, and what to do. */
  readonly pausedReason: string | null;
  /** Failed attempts in a row, over all deliveries; a success resets it. */
  readonly consecutiveFailures: number;
  readonly createdAt: string;
}

/** The view of a stored subscription: its public fields only (never its secret). */
export function subscriptionView<EventName extends string>(
  record: WebhookSubscriptionView<EventName>,
): WebhookSubscriptionView<EventName> {
  return {
    id: record.id,
    url: record.url,
    events: record.events,
    status: record.status,
    pausedReason: record.pausedReason,
    consecutiveFailures: record.consecutiveFailures,
    createdAt: record.createdAt,
  };
}
