import { randomBytes } from "node:crypto";
import {
  deliveryAfterAttempt,
  postWebhookDelivery,
  WEBHOOK_LOG_SIZE,
  type WebhookAttempt,
  type WebhookRetryPolicy,
  webhookPauseReason,
} from "@linksync/webhook-protocol";
import type { Clock } from "../clock/clock";
import type { SecretBox } from "../secrets/secret-box";
import type { WebhookEnvelope } from "./outgoing-webhook";
import {
  type DeliveryRecord,
  type SubscriptionRecord,
  secretContext,
  type WebhookStore,
} from "./webhook-store";

export interface WebhookDeliveriesOptions {
  readonly store: WebhookStore;
  /** Opens the signing secrets sealed at rest (the agent's key). */
  readonly box: SecretBox;
  readonly clock: Clock;
  readonly policy: WebhookRetryPolicy;
  /** A receiver that has not answered after this long counts as a failed attempt. */
  readonly timeoutMs: number;
  /** Failures of the dispatcher itself (the file could not be written); never a delivery's failure. */
  readonly onError: (error: unknown) => void;
}

const MAX_PARALLEL_ATTEMPTS = 8;

/**
 * Getting the engine's webhook deliveries out: one durable delivery per event and subscribed webhook, POSTed with a
 * `Linksync-Signature`; a failed attempt is retried on the policy's back-off (timed by the clock, so a fake clock
 * drives hours of retries in a test) and a webhook failing too often in a row is paused, both by the rules the
 * shortener's deliveries follow too (@linksync/webhook-protocol). One chain of work: no delivery is attempted twice
 * at once.
 */
export class WebhookDeliveries {
  /** Events waiting to be recorded: recorded together, so a burst (a backfill) costs one file write, not one each. */
  private readonly queued: { readonly envelope: WebhookEnvelope; readonly webhookIds: readonly string[] }[] =
    [];
  private work: Promise<void> = Promise.resolve();
  private wake: AbortController | null = null;
  private closed = false;

  constructor(private readonly options: WebhookDeliveriesOptions) {}

  /** Queues the event for these webhooks: recorded with the events queued meanwhile, then sent. */
  add(envelope: WebhookEnvelope, webhookIds: readonly string[]): void {
    this.queued.push({ envelope, webhookIds });
    if (this.queued.length === 1) this.enqueue(() => this.recordQueued());
  }

  /** Sends what is due now, then sleeps on the clock until the next retry is due. */
  kick(): void {
    this.enqueue(() => this.sendDue());
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
    this.wake?.abort();
    await this.idle();
  }

  private get data() {
    return this.options.store.data;
  }

  /** One durable delivery per queued event and subscribed webhook, then the first attempts. */
  private async recordQueued(): Promise<void> {
    const batch = this.queued.splice(0);
    const now = this.options.clock.now();
    await this.options.store.change((data) => {
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
    const next = Object.values(this.data.deliveries)
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
    const due = Object.values(this.data.deliveries)
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
        const subscription = this.data.subscriptions[delivery.webhookId];
        return subscription?.status === "active" ? [{ delivery, subscription }] : [];
      });
      const attempts = await Promise.all(batch.map((d) => this.post(d.subscription, d.delivery)));
      await this.options.store.change(() => {
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
      timeoutMs: this.options.timeoutMs,
    });
  }

  /** Records an attempt on the delivery and its webhook: delivered, retried later, failed for good, or paused. */
  private settle(delivery: DeliveryRecord, subscription: SubscriptionRecord, attempt: WebhookAttempt): void {
    const { policy } = this.options;
    delivery.attempts.push(attempt);
    const after = deliveryAfterAttempt(attempt, delivery.attempts.length, policy);
    delivery.state = after.state;
    delivery.nextAttemptAt = after.retryInMs === null ? null : this.options.clock.now() + after.retryInMs;
    if (attempt.error === null) {
      subscription.consecutiveFailures = 0;
    } else {
      subscription.consecutiveFailures += 1;
      const pause = webhookPauseReason(subscription.consecutiveFailures, attempt.error, policy);
      if (subscription.status === "active" && pause !== null) {
        subscription.status = "paused";
        subscription.pausedReason = pause;
      }
    }
    if (delivery.state !== "pending") this.pruneLog(subscription.id);
  }

  private pruneLog(webhookId: string): void {
    const { deliveries } = this.data;
    const finished = Object.values(deliveries)
      .filter((d) => d.webhookId === webhookId && d.state !== "pending")
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    for (const old of finished.slice(WEBHOOK_LOG_SIZE)) delete deliveries[old.id];
  }

  private isActive(webhookId: string): boolean {
    return this.data.subscriptions[webhookId]?.status === "active";
  }
}
