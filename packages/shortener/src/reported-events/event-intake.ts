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

interface Kept {
  readonly key: string;
  readonly event: WebhookEvent<ReportedEventType>;
  readonly receivedAt: number;
}

export interface IntakeResult {
  readonly event: WebhookEvent<ReportedEventType>;
  /** True when the same event (same conflict, same pause) was reported before: nothing was sent again. */
  readonly duplicate: boolean;
}

/**
 * Takes events reported by Linksync agents and fans each out once to the account's webhook subscribers. Several
 * agents (or an agent and the operation it called) may report one conflict: its id makes the repeats one event.
 * Recent events are kept in memory only, briefly, for deduplication and for samples (Zapier's `performList`):
 * deliveries are durable in the dispatcher, the list is not, so a restart forgets it (reports are best effort,
 * and polling Notion stays the source of truth).
 */
export class EventIntake {
  private readonly kept = new Map<string, Kept[]>();

  constructor(
    private readonly dispatcher: Pick<WebhookDispatcher, "publish">,
    private readonly now: () => number,
    private readonly options: EventIntakeOptions = DEFAULT_EVENT_INTAKE_OPTIONS,
  ) {}

  async report(accountId: string, body: unknown): Promise<IntakeResult> {
    const reported = parseReportedEvent(body);
    const kept = this.current(accountId);
    const earlier = kept.find((entry) => entry.key === reported.key);
    if (earlier) return { event: earlier.event, duplicate: true };
    const event = webhookEvent(reported.type, reported.data, this.now()) as WebhookEvent<ReportedEventType>;
    // Kept before the await, so a repeat arriving meanwhile is already a duplicate.
    const entry: Kept = { key: reported.key, event, receivedAt: this.now() };
    kept.unshift(entry);
    kept.splice(this.options.keepPerAccount);
    try {
      await this.dispatcher.publish(accountId, event);
    } catch (error) {
      // Not queued, so not sent: a retry of the report must not be taken for a duplicate.
      const at = kept.indexOf(entry);
      if (at !== -1) kept.splice(at, 1);
      throw error;
    }
    return { event, duplicate: false };
  }

  /** The account's recent events, newest first, of one type or all. */
  recent(
    accountId: string,
    type: ReportedEventType | null,
    limit: number,
  ): WebhookEvent<ReportedEventType>[] {
    return this.current(accountId)
      .filter((entry) => type === null || entry.event.type === type)
      .slice(0, limit)
      .map((entry) => entry.event);
  }

  private current(accountId: string): Kept[] {
    const oldest = this.now() - this.options.keepForMs;
    const kept = (this.kept.get(accountId) ?? []).filter((entry) => entry.receivedAt >= oldest);
    this.kept.set(accountId, kept);
    return kept;
  }
}
