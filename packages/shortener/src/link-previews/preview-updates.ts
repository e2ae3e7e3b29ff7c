import type { SqlClient } from "../database/sql-client";
import type { JobsOnDemand } from "../jobs/jobs-on-demand";
import { defineQueue } from "../jobs/queue-spec";
import type { LinkChange } from "../link-events/link-change";
import { patchExternalObject } from "../notion/external-objects";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import type { PreviewGrants } from "./preview-grants";
import type { ReadPreviewedLink } from "./previewed-link";
import { unfurlAttributes } from "./unfurl-attributes";
import { unfurlAnswer } from "./unfurl-callback";

/** One waiting job per preview (`stately`, keyed by grant and link): a burst of changes is one update. */
export const LINK_PREVIEW_UPDATE_QUEUE = defineQueue<{ grantId: string; linkId: string }>({
  name: "link_preview_update",
  policy: "stately",
  concurrency: 4,
  expireSeconds: 120,
});

export interface PreviewUpdatesDeps {
  readonly sql: SqlClient;
  readonly jobs: JobsOnDemand;
  readonly grants: PreviewGrants;
  readonly readLink: ReadPreviewedLink;
  readonly limiter: RateLimiter;
  readonly notionBaseUrl: string;
  /** At most one update per preview in this window; changes within it go out together. */
  readonly updateIntervalMs: number;
  /** The longest a waiting update sleeps before looking at the clock again. */
  readonly recheckMs: number;
  readonly now: () => number;
  readonly onError: (error: unknown) => void;
}

interface PreviewRow {
  readonly uri: string;
  readonly last_sent_at: Date;
  readonly changed_at: Date | null;
}

/**
 * Keeps unfurled previews current: a change to a previewed link's destination, tags or clicks marks its previews
 * (`link_previews.changed_at`) and enqueues their update, which is sent whole to `PATCH /v1/external/object` once
 * its window since the last send is over, through the rate limiter, by whichever instance runs the job. A 429 or a
 * failed send is tried again from the queue; a preview Notion deleted is forgotten.
 */
export class PreviewUpdates {
  constructor(private readonly deps: PreviewUpdatesDeps) {}

  readonly onChange = async (change: LinkChange): Promise<void> => {
    const changed =
      change.kind === "clicked"
        ? [...change.clicks.keys()]
        : change.kind === "updated"
          ? [change.link.id]
          : null;
    if (changed === null || changed.length === 0) return;
    const { rows } = await this.deps.sql.query<{ grant_id: string; link_id: string; last_sent_at: Date }>(
      `UPDATE link_previews SET changed_at = $2 WHERE link_id = ANY ($1::text[])
       RETURNING grant_id, link_id, last_sent_at`,
      [changed, new Date(this.deps.now())],
    );
    for (const row of rows) await this.schedule(row.grant_id, row.link_id, row.last_sent_at);
  };

  /** The job handler: sends the preview's current state if it changed and its window is over. */
  readonly update = async ({ grantId, linkId }: { grantId: string; linkId: string }): Promise<void> => {
    const { rows } = await this.deps.sql.query<PreviewRow>(
      "SELECT uri, last_sent_at, changed_at FROM link_previews WHERE grant_id = $1 AND link_id = $2",
      [grantId, linkId],
    );
    const preview = rows[0];
    if (!preview || preview.changed_at === null) return;
    if (this.remainingMs(preview.last_sent_at) > 0) {
      await this.schedule(grantId, linkId, preview.last_sent_at);
      return;
    }
    const grant = await this.deps.grants.get(grantId);
    const notionToken = grant && this.deps.grants.notionTokenOf(grant);
    const found = await this.deps.readLink({ id: linkId });
    if (!notionToken || !found) {
      // Without Notion's token (or the link) there is nothing to send; the preview stays as it is in Notion.
      await this.forget(grantId, linkId);
      return;
    }
    const sentAt = new Date(this.deps.now());
    const result = await this.deps.limiter.schedule(() =>
      patchExternalObject(
        this.deps.notionBaseUrl,
        notionToken,
        unfurlAnswer(preview.uri, unfurlAttributes(found.link, found.clicks)),
      ),
    );
    switch (result.kind) {
      case "gone":
        await this.forget(grantId, linkId);
        return;
      case "rate_limited":
        await this.deps.limiter.holdFor(result.retryAfterMs);
        await this.enqueue(grantId, linkId, result.retryAfterMs);
        return;
      case "failed":
        this.deps.onError(new Error(`Updating the Link Preview of ${preview.uri} failed: ${result.reason}`));
        break;
      case "updated":
        break;
    }
    // A change that arrived while this update was on its way keeps the preview marked (and has its own job).
    await this.deps.sql.query(
      `UPDATE link_previews SET last_sent_at = $3,
         changed_at = CASE WHEN $4 AND changed_at = $5 THEN NULL ELSE changed_at END
       WHERE grant_id = $1 AND link_id = $2`,
      [grantId, linkId, sentAt, result.kind === "updated", preview.changed_at],
    );
    if (result.kind === "failed") await this.schedule(grantId, linkId, sentAt);
  };

  private remainingMs(lastSentAt: Date): number {
    return new Date(lastSentAt).getTime() + this.deps.updateIntervalMs - this.deps.now();
  }

  private schedule(grantId: string, linkId: string, lastSentAt: Date): Promise<void> {
    const remaining = this.remainingMs(lastSentAt);
    return this.enqueue(grantId, linkId, Math.min(Math.max(0, remaining), this.deps.recheckMs));
  }

  private async enqueue(grantId: string, linkId: string, delayMs: number): Promise<void> {
    const jobs = await this.deps.jobs.get();
    await jobs.enqueue(
      LINK_PREVIEW_UPDATE_QUEUE,
      { grantId, linkId },
      { key: `${grantId}:${linkId}`, delayMs },
    );
  }

  private async forget(grantId: string, linkId: string): Promise<void> {
    await this.deps.sql.query("DELETE FROM link_previews WHERE grant_id = $1 AND link_id = $2", [
      grantId,
      linkId,
    ]);
  }
}
