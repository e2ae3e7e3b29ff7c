import type { WebhookEnvelope as Envelope, WebhookSubscriptionView } from "@linksync/link-contract";
import { LinksyncError } from "@linksync/link-contract";
import type { LinksyncEventName, LinksyncEvents } from "../events/events";

/** The engine events a webhook can subscribe to: the ones worth a call to another system (no progress ticks). */
export const WEBHOOK_EVENT_NAMES = [
  "link.created",
  "link.updated",
  "conflict",
  "sync.paused",
  "sync.resumed",
  "connection.revoked",
] as const satisfies readonly LinksyncEventName[];

export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

/** The body of every delivery (`@linksync/link-contract`'s envelope around an engine event). */
export type WebhookEnvelope<Name extends WebhookEventName = WebhookEventName> = Envelope<
  Name,
  LinksyncEvents[Name]
>;

export interface WebhookInput {
  /** Where deliveries are POSTed: an absolute http(s) URL. */
  readonly url: string;
  readonly events: readonly WebhookEventName[];
  /** The signing secret; one is generated when absent. Stored encrypted, returned once by `addWebhook`. */
  readonly secret?: string;
}

export type WebhookSummary = WebhookSubscriptionView<WebhookEventName>;

/** The one answer that carries the secret: shown once, for the receiver's configuration. */
export interface WebhookCreated {
  readonly webhook: WebhookSummary;
  readonly secret: string;
}

export interface DeliveryAttempt {
  /** ISO-8601 UTC. */
  readonly at: string;
  /** The receiver's HTTP status; `null` when it did not answer. */
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventType: WebhookEventName;
  readonly createdAt: string;
  readonly state: "pending" | "delivered" | "failed";
  readonly attempts: readonly DeliveryAttempt[];
  /** ISO-8601 UTC of the next attempt while pending. */
  readonly nextAttemptAt: string | null;
}

export type WebhookErrorCode =
  | "webhook_url_invalid"
  | "webhook_events_invalid"
  | "unknown_webhook"
  | "webhooks_file_corrupt";

/** A webhook request refused; the message says what to change. */
export class WebhookError extends LinksyncError<WebhookErrorCode> {
  override readonly name = "WebhookError";
}

export function isWebhookEventName(name: string): name is WebhookEventName {
  return (WEBHOOK_EVENT_NAMES as readonly string[]).includes(name);
}
