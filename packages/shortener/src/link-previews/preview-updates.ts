import type { IntegrationStore } from "../integration-store/integration-store";
import type { LinkChange } from "../link-events/link-change";
import { patchExternalObject } from "../notion/external-objects";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import type { PreviewGrants } from "./preview-grants";
import type { PreviewRecord } from "./preview-records";
import type { ReadPreviewedLink } from "./previewed-link";
import { unfurlAttributes } from "./unfurl-attributes";
import { unfurlAnswer } from "./unfurl-callback";

export interface PreviewUpdatesDeps {
  readonly store: IntegrationStore;
  readonly grants: PreviewGrants;
  readonly readLink: ReadPreviewedLink;
  readonly limiter: RateLimiter;
  readonly notionBaseUrl: string;
  /** At most one update per preview in this window; changes within it go out together. */
  readonly updateIntervalMs: number;
  readonly pollIntervalMs: number;
  readonly now: () => number;
  readonly onError: (error: unknown) => void;
}

/**
 * Keeps unfurled previews current: a change to a previewed link's destination, tags or clicks marks its previews,
 * and a marked preview is sent whole to `PATCH /v1/external/object` once its minute since the last send is over,
 * through the rate limiter.
 */
export class PreviewUpdates {
  private readonly timer: NodeJS.Timeout;
  private readonly inFlight = new Set<string>();
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly deps: PreviewUpdatesDeps) {
    this.timer = setInterval(() => this.sendDue(), deps.pollIntervalMs);
    this.timer.unref();
  }

  readonly onChange = async (change: LinkChange): Promise<void> => {
    const changed =
      change.kind === "clicked"
        ? new Set(change.clicks.keys())
        : change.kind === "updated"
          ? new Set([change.link.id])
          : null;
    if (changed === null) return;
    const marked = Object.values(this.deps.store.data.previews).filter(
      (preview) => changed.has(preview.linkId) && preview.changedAt === null,
    );
    if (marked.length === 0) return;
    const now = this.deps.now();
    await this.deps.store.change((data) => {
      for (const preview of marked) {
        const record = data.previews[preview.uri];
        if (record) record.changedAt ??= now;
      }
    });
  };

  /** Starts the sends that are due; `settled` waits for them. */
  sendDue(): void {
    const now = this.deps.now();
    for (const preview of Object.values(this.deps.store.data.previews)) {
      if (preview.changedAt === null || this.inFlight.has(preview.uri)) continue;
      if (now - preview.lastSentAt < this.deps.updateIntervalMs) continue;
      this.inFlight.add(preview.uri);
      const sent = this.deps.limiter
        .schedule(() => this.send(preview))
        .catch(this.deps.onError)
        .finally(() => {
          this.inFlight.delete(preview.uri);
          this.sending.delete(sent);
        });
      this.sending.add(sent);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.sending);
  }

  private async send(preview: PreviewRecord): Promise<void> {
    const grant = this.deps.grants.get(preview.grantId);
    const notionToken = grant && this.deps.grants.notionTokenOf(grant);
    const found = await this.deps.readLink({ id: preview.linkId });
    if (!notionToken || !found) {
      // Without Notion's token (or the link) there is nothing to send; the preview stays as it is in Notion.
      await this.forget(preview.uri);
      return;
    }
    const changedAt = preview.changedAt;
    const sentAt = this.deps.now();
    const result = await patchExternalObject(
      this.deps.notionBaseUrl,
      notionToken,
      unfurlAnswer(preview.uri, unfurlAttributes(found.link, found.clicks)),
    );
    switch (result.kind) {
      case "gone":
        await this.forget(preview.uri);
        return;
      case "rate_limited":
        this.deps.limiter.holdFor(result.retryAfterMs);
        return;
      case "failed":
        this.deps.onError(new Error(`Updating the Link Preview of ${preview.uri} failed: ${result.reason}`));
        break;
      case "updated":
        break;
    }
    await this.deps.store.change((data) => {
      const record = data.previews[preview.uri];
      if (!record) return;
      record.lastSentAt = sentAt;
      // A change that arrived while this update was on its way stays marked for the next one.
      if (result.kind === "updated" && record.changedAt === changedAt) record.changedAt = null;
    });
  }

  private async forget(uri: string): Promise<void> {
    await this.deps.store.change((data) => {
      delete data.previews[uri];
    });
  }
}
