import type { LinkChange } from "../link-events/link-change";
import { shortUrlOf, toLinkView } from "../links/link-view";
import type { ShortenerStore } from "../store/store";
import { CLICK_WINDOW_MS, type ClickWindows, type ClosedClickWindow } from "./click-windows";
import type { WebhookDispatcher } from "./webhook-dispatcher";
import { webhookEvent } from "./webhook-events";

export interface LinkWebhookEventsDeps {
  readonly dispatcher: WebhookDispatcher;
  readonly links: ShortenerStore;
  readonly clickWindows: ClickWindows;
  readonly brandedBaseUrl: string;
  readonly now: () => number;
  readonly pollIntervalMs: number;
  readonly onError: (error: unknown) => void;
}

/** Turns link changes into `link.created`, `link.updated` and per-minute `link.clicked` events. */
export class LinkWebhookEvents {
  private readonly timer: NodeJS.Timeout;
  /** The timer's publishing in progress, which `close` waits for (it uses the database). */
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LinkWebhookEventsDeps) {
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(() => this.publishClosed(false)).catch(deps.onError);
    }, deps.pollIntervalMs);
    this.timer.unref();
  }

  readonly onChange = async (change: LinkChange): Promise<void> => {
    const { dispatcher, brandedBaseUrl, now } = this.deps;
    if (change.kind === "clicked") {
      await this.publish(this.deps.clickWindows.add(change.clicks));
      return;
    }
    const type = change.kind === "created" ? "link.created" : "link.updated";
    await dispatcher.publish(
      change.accountId,
      webhookEvent(type, { link: toLinkView(change.link, brandedBaseUrl) }, now()),
    );
  };

  /** Publishes the minutes that are over; with `all` (on close) the current ones too. */
  async publishClosed(all: boolean): Promise<void> {
    await this.publish(this.deps.clickWindows.close(this.deps.now(), all));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    await this.publishClosed(true);
  }

  private async publish(windows: readonly ClosedClickWindow[]): Promise<void> {
    for (const window of windows) {
      const link = await this.deps.links.linkById(window.linkId);
      if (!link) continue;
      const event = webhookEvent(
        "link.clicked",
        {
          link: { id: link.id, slug: link.slug, shortUrl: shortUrlOf(this.deps.brandedBaseUrl, link.slug) },
          clicks: window.clicks,
          windowStart: new Date(window.windowStart).toISOString(),
          windowEnd: new Date(window.windowStart + CLICK_WINDOW_MS).toISOString(),
          lastClickAt: window.lastClickAt,
        },
        this.deps.now(),
      );
      await this.deps.dispatcher.publish(link.accountId, event);
    }
  }
}
