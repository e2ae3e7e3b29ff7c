import { randomBytes } from "node:crypto";
import { subscriptionView } from "@linksync/link-contract";
import type { WebhookRetryPolicy } from "@linksync/webhook-protocol";
import type { Clock } from "../clock/clock";
import type { EventBus, LinksyncEvent } from "../events/events";
import type { SecretBox } from "../secrets/secret-box";
import {
  isWebhookEventName,
  type WebhookCreated,
  type WebhookDelivery,
  type WebhookEnvelope,
  WebhookError,
  type WebhookInput,
  type WebhookSummary,
} from "./outgoing-webhook";
import { WebhookDeliveries } from "./webhook-deliveries";
import { checkEvents, checkUrl } from "./webhook-input";
import {
  type DeliveryRecord,
  openWebhookStore,
  type SubscriptionRecord,
  secretContext,
  type WebhookStore,
} from "./webhook-store";

export interface OutgoingWebhooksOptions {
  /** The webhooks file in the agent's data directory. */
  readonly path: string;
  /** Seals the signing secrets at rest (the agent's key). */
  readonly box: SecretBox;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly policy: WebhookRetryPolicy;
  /** A receiver that has not answered after this long counts as a failed attempt. */
  readonly timeoutMs?: number;
  /** Failures of the dispatcher itself (the file could not be written); never a delivery's failure. */
  readonly onError: (error: unknown) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The engine's outgoing webhooks: what is subscribed (added, listed, removed, resumed) and each subscribed engine
 * event handed to the deliveries (webhook-deliveries.ts), which send it signed, retry it and pause a failing webhook.
 * Delivery is at least once: an attempt cut short by a restart is made again with the same event id.
 */
export class OutgoingWebhooks {
  private readonly sending: WebhookDeliveries;
  private closed = false;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly store: WebhookStore,
    private readonly options: OutgoingWebhooksOptions,
  ) {
    this.sending = new WebhookDeliveries({
      store,
      box: options.box,
      clock: options.clock,
      policy: options.policy,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onError: options.onError,
    });
    this.unsubscribe = options.events.onAny((event) => this.onEvent(event));
  }

  static async open(options: OutgoingWebhooksOptions): Promise<OutgoingWebhooks> {
    const webhooks = new OutgoingWebhooks(await openWebhookStore(options.path), options);
    webhooks.sending.kick();
    return webhooks;
  }

  async add(input: WebhookInput): Promise<WebhookCreated> {
    const url = checkUrl(input.url);
    const events = checkEvents(input.events);
    const id = `whk_${randomBytes(9).toString("base64url")}`;
    const secret = input.secret ?? `whsec_${randomBytes(24).toString("base64url")}`;
    const record: SubscriptionRecord = {
      id,
      url,
      events,
      sealedSecret: this.options.box.seal(secret, secretContext(id)),
      status: "active",
      pausedReason: null,
      consecutiveFailures: 0,
      createdAt: this.isoNow(),
    };
    await this.store.change((data) => {
      data.subscriptions[id] = record;
    });
    return { webhook: subscriptionView(record), secret };
  }

  list(): readonly WebhookSummary[] {
    return Object.values(this.store.data.subscriptions)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(subscriptionView);
  }

  /** Forgets the webhook and its delivery log; its pending deliveries are dropped. */
  async remove(id: string): Promise<void> {
    this.subscription(id);
    await this.store.change((data) => {
      delete data.subscriptions[id];
      for (const delivery of Object.values(data.deliveries)) {
        if (delivery.webhookId === id) delete data.deliveries[delivery.id];
      }
    });
  }

  /** Lifts an automatic pause: the failure count starts again and the waiting deliveries are sent now. */
  async resume(id: string): Promise<void> {
    this.subscription(id);
    const now = this.options.clock.now();
    await this.store.change((data) => {
      const subscription = data.subscriptions[id];
      if (!subscription) return;
      subscription.status = "active";
      subscription.pausedReason = null;
      subscription.consecutiveFailures = 0;
      for (const delivery of Object.values(data.deliveries)) {
        if (delivery.webhookId === id && delivery.state === "pending") delivery.nextAttemptAt = now;
      }
    });
    this.sending.kick();
  }

  /** The webhook's delivery log, newest first. */
  deliveries(id: string): readonly WebhookDelivery[] {
    this.subscription(id);
    return Object.values(this.store.data.deliveries)
      .filter((delivery) => delivery.webhookId === id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .map(deliveryOf);
  }

  /** Resolves once every queued event is recorded and every due attempt is over. */
  idle(): Promise<void> {
    return this.sending.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    await this.sending.close();
    await this.store.flush();
  }

  private onEvent(event: LinksyncEvent): void {
    if (this.closed || !isWebhookEventName(event.type)) return;
    const name = event.type;
    const subscribers = Object.values(this.store.data.subscriptions).filter((s) => s.events.includes(name));
    if (subscribers.length === 0) return;
    const envelope: WebhookEnvelope = {
      id: `evt_${randomBytes(12).toString("base64url")}`,
      type: name,
      createdAt: this.isoNow(),
      data: event.payload as WebhookEnvelope["data"],
    };
    this.sending.add(
      envelope,
      subscribers.map((s) => s.id),
    );
  }

  private subscription(id: string): SubscriptionRecord {
    const subscription = this.store.data.subscriptions[id];
    if (!subscription)
      throw new WebhookError("unknown_webhook", `No webhook ${id}. List the webhooks to see their ids.`);
    return subscription;
  }

  private isoNow(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

/** A delivery as the delivery log shows it: times in ISO-8601. */
function deliveryOf(record: DeliveryRecord): WebhookDelivery {
  return {
    id: record.id,
    webhookId: record.webhookId,
    eventId: record.eventId,
    eventType: record.eventType,
    createdAt: record.createdAt,
    state: record.state,
    attempts: [...record.attempts],
    nextAttemptAt: record.nextAttemptAt === null ? null : new Date(record.nextAttemptAt).toISOString(),
  };
}
