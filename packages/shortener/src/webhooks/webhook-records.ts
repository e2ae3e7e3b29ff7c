import type { SealedSecret } from "../secrets/secret-box";

/** Every event a subscription can ask for, declared once. */
export const WEBHOOK_EVENT_TYPES = [
  "link.created",
  "link.updated",
  "link.clicked",
  // Reported by Linksync agents through `POST /api/events`.
  "conflict",
  "sync.paused",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface SubscriptionRecord {
  readonly id: string;
  readonly accountId: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  /** The signing secret, sealed; it is shown once, in the answer to the create. */
  readonly secret: SealedSecret;
  readonly createdAt: string;
  status: "active" | "paused";
  pausedReason: string | null;
  /** Failed attempts in a row, over all deliveries; a success resets it. */
  consecutiveFailures: number;
}

export interface AttemptRecord {
  readonly at: string;
  /** The receiver's HTTP status, null when no answer came (refused, timed out). */
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: WebhookEventType;
  /** The exact body sent on every attempt, so a retry carries the same bytes and event id. */
  readonly body: string;
  readonly createdAt: string;
  state: "pending" | "delivered" | "failed";
  readonly attempts: AttemptRecord[];
  /** Epoch ms of the next attempt while pending, otherwise null. */
  nextAttemptAt: number | null;
}
