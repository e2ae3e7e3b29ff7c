import { randomBytes } from "node:crypto";
import {
  deliveryAfterAttempt,
  postWebhookDelivery,
  WEBHOOK_LOG_SIZE,
  type WebhookAttempt,
  type WebhookRetryPolicy,
  webhookPauseReason,
} from "@linksync/webhook-protocol";
import type { SqlClient, SqlQueryable } from "../database/sql-client";
import type { JobQueue } from "../jobs/job-queue";
import type { JobsOnDemand } from "../jobs/jobs-on-demand";
import { defineQueue } from "../jobs/queue-spec";
import type { SealedSecrets } from "../secrets/sealed-secrets";
import type { WebhookEvent } from "./webhook-events";
import type { AttemptRecord } from "./webhook-records";
import { deliveryTarget, type WebhookTargets } from "./webhook-targets";

/**
 * One job per attempt to come; it only wakes the delivery up. `attempt` is the number of attempts made when it
 * was enqueued, so a job made stale by a resume (which sends at once) does nothing.
 */
export const WEBHOOK_DELIVERY_QUEUE = defineQueue<{ deliveryId: string; attempt: number }>({
  name: "webhook_delivery",
  policy: "standard",
  concurrency: 8,
  expireSeconds: 120,
  retry: { limit: 5, delaySeconds: 10, backoff: true },
});

export interface WebhookDispatcherDeps {
  readonly sql: SqlClient;
  readonly jobs: JobsOnDemand;
  readonly secrets: SealedSecrets;
  readonly now: () => number;
  readonly policy: WebhookRetryPolicy;
  /** A receiver that has not answered after this long counts as a failed attempt. */
  readonly timeoutMs: number;
  /** Which targets may be reached; checked again (with a fresh DNS answer) before every attempt. */
  readonly targets: WebhookTargets;
  /** Told of every failed attempt (metrics). */
  readonly onAttemptFailed?: () => void;
}

interface DueDelivery {
  readonly id: string;
  readonly subscription_id: string;
  readonly event_type: string;
  readonly body: string;
  readonly attempts: AttemptRecord[];
  readonly url: string;
  readonly secret: string;
}

/**
 * Records one delivery per event and subscription (in the database, with its job, in one transaction) and sends it
 * signed from the job queue, on whichever instance is up; failures are retried on the policy's back-off, and a
 * subscription failing too often in a row is paused until resumed. A delivery is claimed (`sending_until`) while
 * it is sent, so it is never sent twice at once; delivery is at least once (a crash mid-send sends it again, with
 * the same event id).
 */
export class WebhookDispatcher {
  constructor(private readonly deps: WebhookDispatcherDeps) {}

  /**
   * Queues the event for every subscription of the account that asked for its type (held while paused); `within` a
   * transaction, the deliveries commit or roll back with it (the job queue must already be started: `jobs.get()`).
   */
  async publish(accountId: string, event: WebhookEvent, within?: SqlQueryable): Promise<void> {
    const { sql } = this.deps;
    const { rows: subscriptions } = await (within ?? sql).query<{ id: string; status: string }>(
      "SELECT id, status FROM webhook_subscriptions WHERE account_id = $1 AND $2 = ANY (events)",
      [accountId, event.type],
    );
    if (subscriptions.length === 0) return;
    const jobs = await this.deps.jobs.get();
    const body = JSON.stringify(event);
    const at = new Date(this.deps.now());
    const queue = async (tx: SqlQueryable) => {
      for (const subscription of subscriptions) {
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO webhook_deliveries
             (id, subscription_id, event_id, event_type, body, created_at, state, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', $6)
           ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`,
          [`dlv_${randomBytes(12).toString("base64url")}`, subscription.id, event.id, event.type, body, at],
        );
        const inserted = rows[0];
        if (inserted && subscription.status === "active") await this.enqueue(jobs, inserted.id, 0, 0, tx);
      }
    };
    await (within ? queue(within) : sql.transaction(queue));
  }

  /** Sends a subscription's pending deliveries now (after a resume). */
  async redeliver(subscriptionId: string): Promise<void> {
    const { rows } = await this.deps.sql.query<{ id: string; attempts: number }>(
      `SELECT id, jsonb_array_length(attempts) AS attempts FROM webhook_deliveries
       WHERE subscription_id = $1 AND state = 'pending' ORDER BY created_at`,
      [subscriptionId],
    );
    if (rows.length === 0) return;
    const jobs = await this.deps.jobs.get();
    for (const row of rows) await this.enqueue(jobs, row.id, row.attempts, 0);
  }

  /** The job handler: one attempt of one delivery, unless it is not due, not pending, or being sent elsewhere. */
  readonly attempt = async ({ deliveryId, attempt }: { deliveryId: string; attempt: number }) => {
    const { sql } = this.deps;
    const { rows } = await sql.query<DueDelivery>(
      `UPDATE webhook_deliveries d SET sending_until = now() + make_interval(secs => $3)
       FROM webhook_subscriptions s
       WHERE d.id = $1 AND s.id = d.subscription_id AND s.status = 'active' AND d.state = 'pending'
         AND jsonb_array_length(d.attempts) = $2 AND (d.sending_until IS NULL OR d.sending_until < now())
       RETURNING d.id, d.subscription_id, d.event_type, d.body, d.attempts, s.url, s.secret`,
      [deliveryId, attempt, this.deps.timeoutMs / 1000 + 60],
    );
    const delivery = rows[0];
    if (!delivery) return;
    const result = await this.send(delivery);
    if (result.error !== null) this.deps.onAttemptFailed?.();
    const jobs = await this.deps.jobs.get();
    await sql.transaction((tx) => this.record(tx, jobs, delivery, result));
  };

  private async send(delivery: DueDelivery): Promise<WebhookAttempt> {
    const target = await deliveryTarget(delivery.url, this.deps.targets);
    if (target.refusal !== null) {
      return {
        at: new Date(this.deps.now()).toISOString(),
        status: null,
        error: target.refusal,
        durationMs: 0,
      };
    }
    return postWebhookDelivery({
      // Connects to the address just checked: no second DNS answer between the check and the connection.
      ...(target.connectTo !== null && { connectTo: target.connectTo }),
      url: delivery.url,
      eventType: delivery.event_type,
      deliveryId: delivery.id,
      body: delivery.body,
      secret: () => this.deps.secrets.open(delivery.secret),
      now: this.deps.now(),
      timeoutMs: this.deps.timeoutMs,
    });
  }

  private async record(
    tx: SqlQueryable,
    jobs: JobQueue,
    delivery: DueDelivery,
    result: WebhookAttempt,
  ): Promise<void> {
    const attempts = [...delivery.attempts, result];
    const now = this.deps.now();
    // The same rules as the engine's webhooks (@linksync/webhook-protocol), over the database.
    const after = deliveryAfterAttempt(result, attempts.length, this.deps.policy);
    if (result.error === null) {
      await tx.query(
        `UPDATE webhook_deliveries SET state = 'delivered', attempts = $2, next_attempt_at = NULL, sending_until = NULL
         WHERE id = $1`,
        [delivery.id, JSON.stringify(attempts)],
      );
      await tx.query("UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1", [
        delivery.subscription_id,
      ]);
    } else {
      const delay = after.retryInMs;
      await tx.query(
        `UPDATE webhook_deliveries SET state = $2, attempts = $3, next_attempt_at = $4, sending_until = NULL
         WHERE id = $1`,
        [delivery.id, after.state, JSON.stringify(attempts), delay === null ? null : new Date(now + delay)],
      );
      const { rows } = await tx.query<{ consecutive_failures: number }>(
        `UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
         RETURNING consecutive_failures`,
        [delivery.subscription_id],
      );
      const failures = rows[0]?.consecutive_failures ?? 0;
      const pause = webhookPauseReason(failures, result.error, this.deps.policy);
      if (pause !== null) {
        await tx.query(
          "UPDATE webhook_subscriptions SET status = 'paused', paused_reason = $2 WHERE id = $1 AND status = 'active'",
          [delivery.subscription_id, pause],
        );
      }
      if (delay !== null && pause === null) await this.enqueue(jobs, delivery.id, attempts.length, delay, tx);
      if (delay !== null) return;
    }
    await tx.query(
      `DELETE FROM webhook_deliveries WHERE subscription_id = $1 AND state <> 'pending' AND id NOT IN (
         SELECT id FROM webhook_deliveries WHERE subscription_id = $1 AND state <> 'pending'
         ORDER BY created_at DESC, id DESC LIMIT $2)`,
      [delivery.subscription_id, WEBHOOK_LOG_SIZE],
    );
  }

  private async enqueue(
    jobs: JobQueue,
    deliveryId: string,
    attempt: number,
    delayMs: number,
    within?: SqlQueryable,
  ): Promise<void> {
    await jobs.enqueue(
      WEBHOOK_DELIVERY_QUEUE,
      { deliveryId, attempt },
      { delayMs, ...(within !== undefined && { within }) },
    );
  }
}
