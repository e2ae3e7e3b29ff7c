import { randomBytes } from "node:crypto";
import { subscriptionView, type WebhookSubscriptionView } from "@linksync/link-contract";
import { ShortenerError } from "../errors/shortener-error";
import type { IntegrationStore } from "../integration-store/integration-store";
import { objectWithOnly } from "../links/link-input";
import {
  type DeliveryRecord,
  type SubscriptionRecord,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from "./webhook-records";
import { subscriptionUrlProblem, type WebhookTargets } from "./webhook-targets";

/** A subscription as the API shows it: never with its secret, except once in the answer to the create. */
export type SubscriptionView = WebhookSubscriptionView<WebhookEventType>;

export interface DeliveryView {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: WebhookEventType;
  readonly state: DeliveryRecord["state"];
  readonly createdAt: string;
  readonly nextAttemptAt: string | null;
  readonly attempts: DeliveryRecord["attempts"];
}

export const MAX_SUBSCRIPTIONS_PER_ACCOUNT = 20;
const MAX_URL_LENGTH = 2048;

/** Subscriptions of one account at a time: create (secret shown once), list, delete, resume, delivery log. */
export class WebhookSubscriptions {
  constructor(
    private readonly store: IntegrationStore,
    private readonly now: () => number,
    private readonly targets: WebhookTargets,
  ) {}

  async create(accountId: string, body: unknown): Promise<SubscriptionView & { readonly secret: string }> {
    const { url, events } = parseSubscriptionRequest(body, this.targets);
    if (!this.store.keepsSecrets) {
      throw new ShortenerError(
        "internal",
        "This shortener keeps its data in a file but was started without secretsKey, so webhook secrets could not be read after a restart; start it with secretsKey.",
      );
    }
    const owned = this.owned(accountId);
    if (owned.length >= MAX_SUBSCRIPTIONS_PER_ACCOUNT) {
      throw invalid(
        `An account can have at most ${MAX_SUBSCRIPTIONS_PER_ACCOUNT} webhooks; delete one first.`,
      );
    }
    const secret = `whsec_${randomBytes(32).toString("base64url")}`;
    const record: SubscriptionRecord = {
      id: `whk_${randomBytes(12).toString("base64url")}`,
      accountId,
      url,
      events,
      secret: this.store.seal(secret),
      createdAt: new Date(this.now()).toISOString(),
      status: "active",
      pausedReason: null,
      consecutiveFailures: 0,
    };
    await this.store.change((data) => {
      data.subscriptions[record.id] = record;
    });
    return { ...subscriptionView(record), secret };
  }

  list(accountId: string): SubscriptionView[] {
    return this.owned(accountId).map(subscriptionView);
  }

  get(accountId: string, id: string): SubscriptionView {
    return subscriptionView(this.ownedOne(accountId, id));
  }

  /** Deletes the subscription and its queued and logged deliveries. */
  async remove(accountId: string, id: string): Promise<void> {
    this.ownedOne(accountId, id);
    await this.store.change((data) => {
      delete data.subscriptions[id];
      for (const delivery of Object.values(data.deliveries)) {
        if (delivery.subscriptionId === id) delete data.deliveries[delivery.id];
      }
    });
  }

  /** Makes a paused subscription active again; its held deliveries are sent at once. */
  async resume(accountId: string, id: string): Promise<SubscriptionView> {
    this.ownedOne(accountId, id);
    const now = this.now();
    await this.store.change((data) => {
      const subscription = data.subscriptions[id]!;
      subscription.status = "active";
      subscription.pausedReason = null;
      subscription.consecutiveFailures = 0;
      for (const delivery of Object.values(data.deliveries)) {
        if (delivery.subscriptionId === id && delivery.state === "pending") delivery.nextAttemptAt = now;
      }
    });
    return this.get(accountId, id);
  }

  /** Newest first. */
  deliveries(accountId: string, id: string, limit: number): DeliveryView[] {
    this.ownedOne(accountId, id);
    return Object.values(this.store.data.deliveries)
      .filter((delivery) => delivery.subscriptionId === id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, limit)
      .map((delivery) => ({
        id: delivery.id,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        state: delivery.state,
        createdAt: delivery.createdAt,
        nextAttemptAt:
          delivery.nextAttemptAt === null ? null : new Date(delivery.nextAttemptAt).toISOString(),
        attempts: delivery.attempts,
      }));
  }

  private owned(accountId: string): SubscriptionRecord[] {
    return Object.values(this.store.data.subscriptions)
      .filter((subscription) => subscription.accountId === accountId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Another account's subscription answers 404 like a missing one, so ids cannot be probed. */
  private ownedOne(accountId: string, id: string): SubscriptionRecord {
    const subscription = this.store.data.subscriptions[id];
    if (!subscription || subscription.accountId !== accountId) {
      throw new ShortenerError("not_found", `No webhook has id "${id}". List them with GET /api/webhooks.`);
    }
    return subscription;
  }
}

function parseSubscriptionRequest(
  body: unknown,
  targets: WebhookTargets,
): { url: string; events: WebhookEventType[] } {
  const fields = objectWithOnly(body, ["url", "events"]);
  if (typeof fields.url !== "string" || fields.url.length > MAX_URL_LENGTH) {
    throw invalid("url is required: the absolute https URL the events are POSTed to.");
  }
  const problem = subscriptionUrlProblem(fields.url, targets);
  if (problem !== null) throw invalid(problem);
  const events = fields.events;
  if (!Array.isArray(events) || events.length === 0) {
    throw invalid(`events is required: a list of ${WEBHOOK_EVENT_TYPES.join(", ")}.`);
  }
  const known = new Set<string>(WEBHOOK_EVENT_TYPES);
  for (const event of events) {
    if (typeof event !== "string" || !known.has(event)) {
      throw invalid(
        `Unknown event ${JSON.stringify(event)}; choose among ${WEBHOOK_EVENT_TYPES.join(", ")}.`,
      );
    }
  }
  return { url: fields.url, events: [...new Set(events as WebhookEventType[])] };
}

function invalid(message: string): ShortenerError {
  return new ShortenerError("invalid_input", message);
}
