import { randomBytes } from "node:crypto";
import { subscriptionView } from "@linksync/link-contract";
import {
  postWebhookDelivery,
  shouldPauseWebhook,
  type WebhookAttempt,
  type WebhookRetryPolicy,
  webhookRetryDelayMs,
} from "@linksync/webhook-protocol";
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
import { checkEvents, checkUrl } from "./webhook-input";
import type { DeliveryRecord, SubscriptionRecord } from "./webhook-store";
import { WebhookStore } from "./webhook-store";

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

/** Finished deliveries kept per webhook for the delivery log; older ones are dropped. */
export const WEBHOOK_LOG_SIZE = 100;
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_PARALLEL_ATTEMPTS = 8;

/**
 * The engine's outgoing webhooks. Each subscribed engine event becomes one durable delivery per webhook, POSTed
 * with a `Linksync-Signature`; a failed attempt is retried on the policy's exponential back-off (timed by the
 * clock, so a fake clock drives hours of retries in a test), and a webhook failing too often in a row is paused
 * until resumed. Delivery is at least once: an attempt cut short by a restart is made again with the same event id.
 */
export class OutgoingWebhooks {
  /** Events waiting to be recorded: recorded together, so a burst (a backfill) costs one file write, not one each. */
  private readonly queued: { readonly envelope: WebhookEnvelope; readonly webhookIds: readonly string[] }[] =
    [];
  private work: Promise<void> = Promise.resolve();
  private wake: AbortController | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly store: WebhookStore,
    private readonly options: OutgoingWebhooksOptions,
  ) {
    this.unsubscribe = options.events.onAny((event) => this.onEvent(event));
  }

  static async open(options: OutgoingWebhooksOptions): Promise<OutgoingWebhooks> {
    const webhooks = new OutgoingWebhooks(await WebhookStore.open(options.path), options);
    webhooks.kick();
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
    this.kick();
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
  async idle(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.work) {
      seen = this.work;
      await seen;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.wake?.abort();
    await this.idle();
    await this.store.close();
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
    this.queued.push({ envelope, webhookIds: subscribers.map((s) => s.id) });
    if (this.queued.length === 1) this.enqueue(() => this.recordQueued());
  }

  /** One durable delivery per queued event and subscribed webhook, then the first attempts. */
  private async recordQueued(): Promise<void> {
    const batch = this.queued.splice(0);
    const now = this.options.clock.now();
    await this.store.change((data) => {
      for (const { envelope, webhookIds } of batch) {
        const body = JSON.stringify(envelope);
        for (const webhookId of webhookIds) {
          if (!data.subscriptions[webhookId]) continue;
          const id = `dlv_${randomBytes(12).toString("base64url")}`;
          data.deliveries[id] = {
            id,
            webhookId,
            eventId: envelope.id,
            eventType: envelope.type,
            body,
            createdAt: envelope.createdAt,
            state: "pending",
            attempts: [],
            nextAttemptAt: now,
          };
        }
      }
    });
    await this.sendDue();
  }

  /** Sends what is due now, then sleeps on the clock until the next retry is due. */
  private kick(): void {
    this.enqueue(() => this.sendDue());
  }

  private enqueue(step: () => Promise<void>): void {
    if (this.closed) return;
    this.work = this.work.then(step).then(
      () => this.scheduleNext(),
      (error: unknown) => {
        this.options.onError(error);
        this.scheduleNext();
      },
    );
  }

  private scheduleNext(): void {
    this.wake?.abort();
    if (this.closed) return;
    const next = Object.values(this.store.data.deliveries)
      .filter((d) => d.state === "pending" && this.isActive(d.webhookId) && d.nextAttemptAt !== null)
      .reduce<number | null>(
        (min, d) => Math.min(min ?? Number.POSITIVE_INFINITY, d.nextAttemptAt ?? 0),
        null,
      );
    if (next === null) return;
    const wake = new AbortController();
    this.wake = wake;
    this.options.clock.sleep(Math.max(0, next - this.options.clock.now()), wake.signal).then(
      () => {
        // A fake clock ignores the signal: a sleep replaced by a newer one must not send twice.
        if (!wake.signal.aborted) this.kick();
      },
      (error: unknown) => {
        if (!wake.signal.aborted) this.options.onError(error);
      },
    );
  }

  private async sendDue(): Promise<void> {
    const now = this.options.clock.now();
    const due = Object.values(this.store.data.deliveries)
      .filter(
        (d) =>
          d.state === "pending" &&
          d.nextAttemptAt !== null &&
          d.nextAttemptAt <= now &&
          this.isActive(d.webhookId),
      )
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
    // Steps of the work chain never overlap, so no delivery is attempted twice at once.
    for (let start = 0; start < due.length && !this.closed; start += MAX_PARALLEL_ATTEMPTS) {
      const batch = due.slice(start, start + MAX_PARALLEL_ATTEMPTS).flatMap((delivery) => {
        const subscription = this.store.data.subscriptions[delivery.webhookId];
        return subscription?.status === "active" ? [{ delivery, subscription }] : [];
      });
      const attempts = await Promise.all(batch.map((d) => this.post(d.subscription, d.delivery)));
      await this.store.change(() => {
        batch.forEach(({ delivery, subscription }, i) => {
          const attempt = attempts[i];
          if (attempt) this.settle(delivery, subscription, attempt);
        });
      });
    }
  }

  private post(subscription: SubscriptionRecord, delivery: DeliveryRecord): Promise<WebhookAttempt> {
    return postWebhookDelivery({
      url: subscription.url,
      eventType: delivery.eventType,
      deliveryId: delivery.id,
      body: delivery.body,
      secret: () => this.options.box.open(subscription.sealedSecret, secretContext(subscription.id)),
      now: this.options.clock.now(),
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  /** Records an attempt on the delivery and its webhook: delivered, retried later, failed for good, or paused. */
  private settle(
    delivery: DeliveryRecord,
    subscription: SubscriptionRecord,
    attempt: WebhookDelivery["attempts"][number],
  ): void {
    delivery.attempts.push(attempt);
    if (attempt.error === null) {
      delivery.state = "delivered";
      delivery.nextAttemptAt = null;
      subscription.consecutiveFailures = 0;
    } else {
      const { policy } = this.options;
      const delay = webhookRetryDelayMs(delivery.attempts.length, policy);
      delivery.state = delay === null ? "failed" : "pending";
      delivery.nextAttemptAt = delay === null ? null : this.options.clock.now() + delay;
      subscription.consecutiveFailures += 1;
      if (subscription.status === "active" && shouldPauseWebhook(subscription.consecutiveFailures, policy)) {
        subscription.status = "paused";
        subscription.pausedReason = `Paused after ${subscription.consecutiveFailures} failed deliveries in a row (last: ${attempt.error}). Fix the receiver, then resume the webhook.`;
      }
    }
    if (delivery.state !== "pending") this.pruneLog(subscription.id);
  }

  private pruneLog(webhookId: string): void {
    const { deliveries } = this.store.data;
    const finished = Object.values(deliveries)
      .filter((d) => d.webhookId === webhookId && d.state !== "pending")
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    for (const old of finished.slice(WEBHOOK_LOG_SIZE)) delete deliveries[old.id];
  }

  private isActive(webhookId: string): boolean {
    return this.store.data.subscriptions[webhookId]?.status === "active";
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

function secretContext(webhookId: string): string {
  return `webhook:${webhookId}`;
}

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
