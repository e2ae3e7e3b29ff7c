import { JsonDocument, type JsonDocumentFormat, parseJson } from "../store/json-document";
import {
  isWebhookEventName,
  type WebhookDelivery,
  WebhookError,
  type WebhookEventName,
} from "./outgoing-webhook";

export interface SubscriptionRecord {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEventName[];
  /** The signing secret sealed by the agent's `SecretBox`, bound to the subscription id. */
  readonly sealedSecret: string;
  status: "active" | "paused";
  pausedReason: string | null;
  consecutiveFailures: number;
  readonly createdAt: string;
}

export interface DeliveryRecord extends Omit<WebhookDelivery, "nextAttemptAt" | "attempts" | "state"> {
  /** The exact bytes sent (and signed) on every attempt. */
  readonly body: string;
  state: WebhookDelivery["state"];
  attempts: WebhookDelivery["attempts"][number][];
  /** Epoch ms of the next attempt while pending. */
  nextAttemptAt: number | null;
}

export interface WebhooksFile {
  readonly version: 1;
  readonly subscriptions: Record<string, SubscriptionRecord>;
  readonly deliveries: Record<string, DeliveryRecord>;
}

/**
 * Webhook subscriptions and their deliveries in one JSON file of the agent's data directory (the data directory's
 * one JSON document store): every change is applied in memory and written atomically, changes in the order they were
 * made, so a restart resumes the pending deliveries where they stood.
 */
export type WebhookStore = JsonDocument<WebhooksFile>;

export function openWebhookStore(path: string): Promise<WebhookStore> {
  return JsonDocument.open(path, WEBHOOKS_FORMAT);
}

const WEBHOOKS_FORMAT: JsonDocumentFormat<WebhooksFile> = {
  empty: () => ({ version: 1, subscriptions: {}, deliveries: {} }),
  parse: (text, path) => {
    const parsed = parseJson(text);
    if (!isWebhooksFile(parsed)) {
      throw new WebhookError(
        "webhooks_file_corrupt",
        `The webhooks file ${path} is not in a format Linksync wrote. Move it aside and add the webhooks again.`,
      );
    }
    return parsed;
  },
};

function isWebhooksFile(value: unknown): value is WebhooksFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<WebhooksFile>;
  return (
    file.version === 1 &&
    typeof file.subscriptions === "object" &&
    file.subscriptions !== null &&
    Object.values(file.subscriptions).every(
      (s) => typeof s.url === "string" && s.events.every((name) => isWebhookEventName(name)),
    ) &&
    typeof file.deliveries === "object" &&
    file.deliveries !== null
  );
}

/** What a webhook's signing secret is sealed to: its id, so a sealed secret moved to another webhook does not open. */
export function secretContext(webhookId: string): string {
  return `webhook:${webhookId}`;
}
