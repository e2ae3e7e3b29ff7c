import type { SqlClient } from "../database/sql-client";
import type { JobsOnDemand } from "../jobs/jobs-on-demand";
import type { LinkChange } from "../link-events/link-change";
import { shortUrlOf, toLinkView } from "../links/link-view";
import type { ClickTally } from "../store/store";
import type { WebhookDispatcher } from "./webhook-dispatcher";
import { webhookEvent } from "./webhook-events";

export const CLICK_WINDOW_MS = 60_000;
/** Closed minutes taken (and their events queued) per transaction. */
const MINUTES_PER_CLAIM = 200;

export interface LinkWebhookEventsDeps {
  readonly sql: SqlClient;
  readonly jobs: JobsOnDemand;
  readonly dispatcher: WebhookDispatcher;
  readonly brandedBaseUrl: string;
  readonly now: () => number;
  readonly pollIntervalMs: number;
  /** How long after its minute a window waits for click batches still being written (by any instance). */
  readonly lateBatchGraceMs: number;
  readonly onError: (error: unknown) => void;
}

interface ClosedMinute {
  readonly link_id: string;
  readonly slug: string;
  readonly account_id: string;
  readonly window_start: Date | string;
  readonly clicks: number;
  readonly last_click_at: Date | string;
}

/**
 * Turns link changes into `link.created`, `link.updated` and per-minute `link.clicked` events. Clicks are summed per
 * link and clock minute in the database (`click_minutes`), so a busy link makes one `link.clicked` a minute however
 * many instances counted its clicks; only links of accounts subscribed to `link.clicked` are summed, so the clicks
 * path costs nothing more without such a subscription. Once a minute (and a grace for late batches) is over,
 * whichever instance polls first takes its rows and queues their events in one transaction: each minute is sent
 * once, and a crash between the two loses nothing. A minute still open when an instance stops is sent by the
 * instance that is up when it ends (or by the next start).
 */
export class LinkWebhookEvents {
  private readonly timer: NodeJS.Timeout;
  /** The timer's publishing in progress, which `close` waits for (it uses the database). */
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LinkWebhookEventsDeps) {
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(() => this.publishClosed()).catch(deps.onError);
    }, deps.pollIntervalMs);
    this.timer.unref();
  }

  readonly onChange = async (change: LinkChange): Promise<void> => {
    const { dispatcher, brandedBaseUrl, now } = this.deps;
    if (change.kind === "clicked") {
      await this.addClicks(change.clicks);
      return;
    }
    const type = change.kind === "created" ? "link.created" : "link.updated";
    await dispatcher.publish(
      change.accountId,
      webhookEvent(type, { link: toLinkView(change.link, brandedBaseUrl) }, now()),
    );
  };

  /** Queues the events of the minutes that are over, in claims of a few hundred. */
  async publishClosed(): Promise<void> {
    const { sql, jobs, dispatcher } = this.deps;
    const closedBefore = new Date(this.deps.now() - CLICK_WINDOW_MS - this.deps.lateBatchGraceMs);
    for (;;) {
      const { rows: due } = await sql.query("SELECT 1 FROM click_minutes WHERE window_start <= $1 LIMIT 1", [
        closedBefore,
      ]);
      if (due.length === 0) return;
      // Started outside the transaction: on PGlite, starting the queue needs the connection a transaction holds.
      await jobs.get();
      const claimed = await sql.transaction(async (tx) => {
        const { rows } = await tx.query<ClosedMinute>(
          `DELETE FROM click_minutes m USING links l
           WHERE l.id = m.link_id AND (m.link_id, m.window_start) IN (
             SELECT link_id, window_start FROM click_minutes WHERE window_start <= $1
             ORDER BY window_start LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING m.link_id, l.slug, l.account_id, m.window_start, m.clicks, m.last_click_at`,
          [closedBefore, MINUTES_PER_CLAIM],
        );
        for (const row of rows) await dispatcher.publish(row.account_id, this.clickedEvent(row), tx);
        return rows.length;
      });
      if (claimed < MINUTES_PER_CLAIM) return;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    await this.publishClosed();
  }

  /** Adds a click batch to its links' minutes (the minute of each link's latest click in the batch). */
  private async addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void> {
    const { sql } = this.deps;
    const { rows: subscribed } = await sql.query<{ account_id: string }>(
      "SELECT DISTINCT account_id FROM webhook_subscriptions WHERE 'link.clicked' = ANY (events)",
    );
    if (subscribed.length === 0) return;
    const ids: string[] = [];
    const counts: number[] = [];
    const times: string[] = [];
    for (const [id, tally] of batch) {
      if (tally.count === 0 || tally.lastClickAt === null) continue;
      ids.push(id);
      counts.push(tally.count);
      times.push(tally.lastClickAt);
    }
    if (ids.length === 0) return;
    await sql.query(
      `INSERT INTO click_minutes (link_id, window_start, clicks, last_click_at)
       SELECT batch.id, to_timestamp(floor(extract(epoch FROM batch.at) / 60) * 60), batch.count, batch.at
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS batch (id, count, at)
       JOIN links ON links.id = batch.id
       WHERE links.account_id = ANY ($4::text[])
       ON CONFLICT (link_id, window_start) DO UPDATE SET
         clicks = click_minutes.clicks + EXCLUDED.clicks,
         last_click_at = GREATEST(click_minutes.last_click_at, EXCLUDED.last_click_at)`,
      [ids, counts, times, subscribed.map((row) => row.account_id)],
    );
  }

  private clickedEvent(row: ClosedMinute) {
    const windowStart = new Date(row.window_start).getTime();
    return webhookEvent(
      "link.clicked",
      {
        link: { id: row.link_id, slug: row.slug, shortUrl: shortUrlOf(this.deps.brandedBaseUrl, row.slug) },
        clicks: Number(row.clicks),
        windowStart: new Date(windowStart).toISOString(),
        windowEnd: new Date(windowStart + CLICK_WINDOW_MS).toISOString(),
        lastClickAt: new Date(row.last_click_at).toISOString(),
      },
      this.deps.now(),
    );
  }
}
