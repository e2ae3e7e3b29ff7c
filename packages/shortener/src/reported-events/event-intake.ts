import type { SqlClient } from "../database/sql-client";
import type { WebhookDispatcher } from "../webhooks/webhook-dispatcher";
import { type WebhookEvent, webhookEvent } from "../webhooks/webhook-events";
import { parseReportedEvent, type ReportedEventType } from "./reported-event";

export interface EventIntakeOptions {
  /** Events kept per account for the recent list and for deduplication. */
  readonly keepPerAccount: number;
  /** How long an event stays in the recent list and deduplicates a repeat (ms). */
  readonly keepForMs: number;
}

export const DEFAULT_EVENT_INTAKE_OPTIONS: EventIntakeOptions = {
  keepPerAccount: 100,
  keepForMs: 24 * 60 * 60_000,
};

export interface IntakeResult {
  readonly event: WebhookEvent<ReportedEventType>;
  /** True when the same event (same conflict, same pause) was reported before: nothing was sent again. */
  readonly duplicate: boolean;
}

/**
 * Takes events reported by Linksync agents and fans each out once to the account's webhook subscribers. Several
 * agents (or an agent and the operation it called), through any instance, may report one conflict: its key is the
 * table's primary key with the account, so the repeats are one event. Recent events are kept for a day (at most
 * `keepPerAccount`), for deduplication and for samples (Zapier's `performList`).
 */
export class EventIntake {
  constructor(
    private readonly sql: SqlClient,
    private readonly dispatcher: Pick<WebhookDispatcher, "publish">,
    private readonly now: () => number,
    private readonly options: EventIntakeOptions = DEFAULT_EVENT_INTAKE_OPTIONS,
  ) {}

  async report(accountId: string, body: unknown): Promise<IntakeResult> {
    const reported = parseReportedEvent(body);
    const now = this.now();
    const event = webhookEvent(reported.type, reported.data, now) as WebhookEvent<ReportedEventType>;
    // An event older than keepForMs no longer deduplicates: the repeat takes its place.
    const { rows } = await this.sql.query(
      `INSERT INTO reported_events (account_id, dedupe_key, event_type, event, received_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, dedupe_key) DO UPDATE
         SET event_type = EXCLUDED.event_type, event = EXCLUDED.event, received_at = EXCLUDED.received_at
         WHERE reported_events.received_at < $6
       RETURNING dedupe_key`,
      [accountId, reported.key, event.type, JSON.stringify(event), new Date(now), this.oldest()],
    );
    if (rows.length === 0) {
      const earlier = await this.sql.query<{ event: WebhookEvent<ReportedEventType> }>(
        "SELECT event FROM reported_events WHERE account_id = $1 AND dedupe_key = $2",
        [accountId, reported.key],
      );
      if (earlier.rows[0]) return { event: earlier.rows[0].event, duplicate: true };
    }
    try {
      await this.dispatcher.publish(accountId, event);
    } catch (error) {
      // Not queued, so not sent: a retry of the report must not be taken for a duplicate.
      await this.sql.query("DELETE FROM reported_events WHERE account_id = $1 AND dedupe_key = $2", [
        accountId,
        reported.key,
      ]);
      throw error;
    }
    await this.sql.query(
      `DELETE FROM reported_events WHERE account_id = $1 AND (received_at < $2 OR seq NOT IN (
         SELECT seq FROM reported_events WHERE account_id = $1 ORDER BY received_at DESC, seq DESC LIMIT $3))`,
      [accountId, this.oldest(), this.options.keepPerAccount],
    );
    return { event, duplicate: false };
  }

  /** The account's recent events, newest first, of one type or all. */
  async recent(
    accountId: string,
    type: ReportedEventType | null,
    limit: number,
  ): Promise<WebhookEvent<ReportedEventType>[]> {
    const { rows } = await this.sql.query<{ event: WebhookEvent<ReportedEventType> }>(
      `SELECT event FROM reported_events
       WHERE account_id = $1 AND received_at >= $2 AND ($3::text IS NULL OR event_type = $3)
       ORDER BY received_at DESC, seq DESC LIMIT $4`,
      [accountId, this.oldest(), type, Math.min(limit, this.options.keepPerAccount)],
    );
    return rows.map((row) => row.event);
  }

  private oldest(): Date {
    return new Date(this.now() - this.options.keepForMs);
  }
}
