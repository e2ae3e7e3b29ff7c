import { randomBytes } from "node:crypto";
import {
  postWebhookDelivery,
  shouldPauseWebhook,
  type WebhookAttempt,
  type WebhookRetryPolicy,
  webhookRetryDelayMs,
} from "@linksync/webhook-protocol";
import type { IntegrationStore } from "../integration-store/integration-store";
import type { WebhookEvent } from "./webhook-events";
import type { DeliveryRecord, SubscriptionRecord } from "./webhook-records";
import { deliveryRefusal, type WebhookTargets } from "./webhook-targets";

export interface WebhookDispatcherDeps {
  readonly store: IntegrationStore;
  readonly now: () => number;
  readonly policy: WebhookRetryPolicy;
  /** How often due retries are looked for; new events are sent at once. */
  readonly pollIntervalMs: number;
  /** A receiver that has not answered after this long counts as a failed attempt. */
  readonly timeoutMs: number;
  readonly onError: (error: unknown) => void;
  /** Which targets may be reached; checked again (with a fresh DNS answer) before every attempt. */
  readonly targets: WebhookTargets;
  /** Told of every failed attempt (metrics). */
  readonly onAttemptFailed?: () => void;
}

/** Finished deliveries kept per subscription for the delivery log; older ones are dropped. */
export const DELIVERY_LOG_SIZE = 100;
const MAX_PARALLEL_ATTEMPTS = 8;

/**
 * Queues one delivery per event and subscription, durably, and sends it signed; failures are retried on the
 * policy's back-off, and a subscription failing too often in a row is paused until resumed. Delivery is at least
 * once: a delivery in flight during a crash is sent again after restart with the same event id.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.timer = setInterval(() => this.kick(), deps.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Queues the event for every subscription of the account that asked for its type. */
  async publish(accountId: string, event: WebhookEvent): Promise<void> {
    const subscriptions = Object.values(this.deps.store.data.subscriptions).filter(
      (subscription) => subscription.accountId === accountId && subscription.events.includes(event.type),
    );
    if (subscriptions.length === 0) return;
    const body = JSON.stringify(event);
    const at = this.deps.now();
    await this.deps.store.change((data) => {
      for (const subscription of subscriptions) {
        const id = `dlv_${randomBytes(12).toString("base64url")}`;
        data.deliveries[id] = {
          id,
          subscriptionId: subscription.id,
          eventId: event.id,
          eventType: event.type,
          body,
          createdAt: new Date(at).toISOString(),
          state: "pending",
          attempts: [],
          nextAttemptAt: at,
        };
      }
    });
    this.kick();
  }

  /** Sends every due delivery of an active subscription; resolves when those attempts are over. */
  runDue(): Promise<void> {
    this.running = this.running.then(() => this.sendDue()).catch(this.deps.onError);
    return this.running;
  }

  /** Stops looking for due deliveries; the attempts already started or queued are finished first. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    await Promise.all(this.inFlight.values());
  }

  private kick(): void {
    if (!this.closed) void this.runDue();
  }

  private async sendDue(): Promise<void> {
    const now = this.deps.now();
    const { deliveries, subscriptions } = this.deps.store.data;
    const due = Object.values(deliveries)
      .filter(
        (delivery) =>
          delivery.state === "pending" &&
          delivery.nextAttemptAt !== null &&
          delivery.nextAttemptAt <= now &&
          subscriptions[delivery.subscriptionId]?.status === "active" &&
          !this.inFlight.has(delivery.id),
      )
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
    for (let start = 0; start < due.length; start += MAX_PARALLEL_ATTEMPTS) {
      await Promise.all(
        due.slice(start, start + MAX_PARALLEL_ATTEMPTS).map((delivery) => this.attempt(delivery)),
      );
    }
  }

  private attempt(delivery: DeliveryRecord): Promise<void> {
    const attempt = this.send(delivery).finally(() => this.inFlight.delete(delivery.id));
    this.inFlight.set(delivery.id, attempt);
    return attempt;
  }

  private async send(delivery: DeliveryRecord): Promise<void> {
    const subscription = this.deps.store.data.subscriptions[delivery.subscriptionId];
    if (subscription?.status !== "active") return;
    const refusal = await deliveryRefusal(subscription.url, this.deps.targets);
    const attempt: WebhookAttempt = refusal
      ? { at: new Date(this.deps.now()).toISOString(), status: null, error: refusal, durationMs: 0 }
      : await postWebhookDelivery({
          url: subscription.url,
          eventType: delivery.eventType,
          deliveryId: delivery.id,
          body: delivery.body,
          secret: () => this.deps.store.open(subscription.secret),
          now: this.deps.now(),
          timeoutMs: this.deps.timeoutMs,
        });
    if (attempt.error !== null) this.deps.onAttemptFailed?.();
    await this.deps.store.change((data) => {
      const current = data.deliveries[delivery.id];
      const owner = data.subscriptions[delivery.subscriptionId];
      if (!current || !owner) return;
      current.attempts.push(attempt);
      if (attempt.error === null) {
        current.state = "delivered";
        current.nextAttemptAt = null;
        owner.consecutiveFailures = 0;
      } else {
        recordFailure(current, owner, this.deps.policy, this.deps.now());
      }
      if (current.state !== "pending") pruneLog(data.deliveries, owner.id);
    });
  }
}

function recordFailure(
  delivery: DeliveryRecord,
  subscription: SubscriptionRecord,
  policy: WebhookRetryPolicy,
  now: number,
): void {
  const delay = webhookRetryDelayMs(delivery.attempts.length, policy);
  delivery.state = delay === null ? "failed" : "pending";
  delivery.nextAttemptAt = delay === null ? null : now + delay;
  subscription.consecutiveFailures += 1;
  if (shouldPauseWebhook(subscription.consecutiveFailures, policy)) {
    subscription.status = "paused";
    subscription.pausedReason = `Paused after ${subscription.consecutiveFailures} failed deliveries in a row; fix the receiver, then resume the webhook.`;
  }
}

function pruneLog(deliveries: Record<string, DeliveryRecord>, subscriptionId: string): void {
  const finished = Object.values(deliveries)
    .filter((delivery) => delivery.subscriptionId === subscriptionId && delivery.state !== "pending")
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const old of finished.slice(DELIVERY_LOG_SIZE)) delete deliveries[old.id];
}
