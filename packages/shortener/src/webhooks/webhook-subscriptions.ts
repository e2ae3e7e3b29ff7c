import { randomBytes } from "node:crypto";
import { subscriptionView, type WebhookSubscriptionView } from "@linksync/link-contract";
import type { SqlClient } from "../database/sql-client";
import { ShortenerError } from "../errors/shortener-error";
import { objectWithOnly } from "../links/link-input";
import type { SealedSecrets } from "../secrets/sealed-secrets";
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

const SUBSCRIPTION_COLUMNS =
  "id, account_id, url, events, secret, created_at, status, paused_reason, consecutive_failures";

interface SubscriptionRow {
  readonly id: string;
  readonly account_id: string;
  readonly url: string;
  readonly events: WebhookEventType[];
  readonly secret: string;
  readonly created_at: Date;
  readonly status: SubscriptionRecord["status"];
  readonly paused_reason: string | null;
  readonly consecutive_failures: number;
}

export function subscriptionRecord(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    url: row.url,
    events: row.events,
    secret: row.secret,
    createdAt: new Date(row.created_at).toISOString(),
    status: row.status,
    pausedReason: row.paused_reason,
    consecutiveFailures: row.consecutive_failures,
  };
}

/** Subscriptions of one account at a time: create (secret shown once), list, delete, resume, delivery log. */
export class WebhookSubscriptions {
  constructor(
    private readonly sql: SqlClient,
    private readonly secrets: SealedSecrets,
    private readonly now: () => number,
    private readonly targets: WebhookTargets,
    /** Sends a resumed subscription's held deliveries. */
    private readonly redeliver: (subscriptionId: string) => Promise<void>,
  ) {}

  async create(accountId: string, body: unknown): Promise<SubscriptionView & { readonly secret: string }> {
    const { url, events } = parseSubscriptionRequest(body, this.targets);
    if (!this.secrets.keepsSecrets) {
      throw new ShortenerError(
        "internal",
        "This shortener keeps its data on disk but was started without secretsKey, so webhook secrets could not be read after a restart; start it with secretsKey.",
      );
    }
    const secret = `whsec_${randomBytes(32).toString("base64url")}`;
    const sealed = await this.secrets.seal(secret);
    // The count and the insert are one statement, so two creates at once cannot both pass the limit.
    const { rows } = await this.sql.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (id, account_id, url, events, secret, created_at, status)
       SELECT $1, $2, $3, $4, $5, $6, 'active'
       WHERE (SELECT count(*) FROM webhook_subscriptions WHERE account_id = $2) < $7
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        `whk_${randomBytes(12).toString("base64url")}`,
        accountId,
        url,
        events,
        sealed,
        new Date(this.now()),
        MAX_SUBSCRIPTIONS_PER_ACCOUNT,
      ],
    );
    const created = rows[0];
    if (!created) {
      throw invalid(
        `An account can have at most ${MAX_SUBSCRIPTIONS_PER_ACCOUNT} webhooks; delete one first.`,
      );
    }
    return { ...subscriptionView(subscriptionRecord(created)), secret };
  }

  async list(accountId: string): Promise<SubscriptionView[]> {
    const { rows } = await this.sql.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE account_id = $1 ORDER BY created_at, id`,
      [accountId],
    );
    return rows.map((row) => subscriptionView(subscriptionRecord(row)));
  }

  async get(accountId: string, id: string): Promise<SubscriptionView> {
    return subscriptionView(await this.ownedOne(accountId, id));
  }

  /** Deletes the subscription and its queued and logged deliveries. */
  async remove(accountId: string, id: string): Promise<void> {
    const { rows } = await this.sql.query(
      "DELETE FROM webhook_subscriptions WHERE id = $1 AND account_id = $2 RETURNING id",
      [id, accountId],
    );
    if (rows.length === 0) throw notFound(id);
  }

  /** Makes a paused subscription active again; its held deliveries are sent at once. */
  async resume(accountId: string, id: string): Promise<SubscriptionView> {
    const now = new Date(this.now());
    const resumed = await this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<SubscriptionRow>(
        `UPDATE webhook_subscriptions SET status = 'active', paused_reason = NULL, consecutive_failures = 0
         WHERE id = $1 AND account_id = $2 RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [id, accountId],
      );
      if (rows.length === 0) return null;
      await tx.query(
        "UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE subscription_id = $1 AND state = 'pending'",
        [id, now],
      );
      return rows[0]!;
    });
    if (!resumed) throw notFound(id);
    await this.redeliver(id);
    return subscriptionView(subscriptionRecord(resumed));
  }

  /** Newest first. */
  async deliveries(accountId: string, id: string, limit: number): Promise<DeliveryView[]> {
    await this.ownedOne(accountId, id);
    const { rows } = await this.sql.query<{
      id: string;
      event_id: string;
      event_type: WebhookEventType;
      state: DeliveryView["state"];
      created_at: Date;
      next_attempt_at: Date | null;
      attempts: DeliveryView["attempts"];
    }>(
      `SELECT id, event_id, event_type, state, created_at, next_attempt_at, attempts FROM webhook_deliveries
       WHERE subscription_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [id, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      state: row.state,
      createdAt: new Date(row.created_at).toISOString(),
      nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
      attempts: row.attempts,
    }));
  }

  /** Another account's subscription answers 404 like a missing one, so ids cannot be probed. */
  private async ownedOne(accountId: string, id: string): Promise<SubscriptionRecord> {
    const { rows } = await this.sql.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1 AND account_id = $2`,
      [id, accountId],
    );
    if (!rows[0]) throw notFound(id);
    return subscriptionRecord(rows[0]);
  }
}

function notFound(id: string): ShortenerError {
  return new ShortenerError("not_found", `No webhook has id "${id}". List them with GET /api/webhooks.`);
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
