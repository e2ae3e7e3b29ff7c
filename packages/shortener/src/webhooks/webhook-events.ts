import { randomBytes } from "node:crypto";
import type { WebhookEnvelope } from "@linksync/link-contract";
import type { LinkView } from "../links/link-view";
import type { ConflictReport, SyncPausedReport } from "../reported-events/reported-event";
import type { WebhookEventType } from "./webhook-records";

/** The body of every delivery (`@linksync/link-contract`'s envelope, the agent's too). */
export type WebhookEvent<Type extends WebhookEventType = WebhookEventType> = WebhookEnvelope<
  Type,
  WebhookEventData[Type]
>;

export interface WebhookEventData {
  readonly "link.created": { readonly link: LinkView };
  readonly "link.updated": { readonly link: LinkView };
  /** Clicks of one link within one minute, sent once the minute is over. */
  readonly "link.clicked": {
    readonly link: { readonly id: string; readonly slug: string; readonly shortUrl: string };
    readonly clicks: number;
    readonly windowStart: string;
    readonly windowEnd: string;
    readonly lastClickAt: string;
  };
  /** A Destination conflict an agent recorded, as it reported it. */
  readonly conflict: ConflictReport;
  readonly "sync.paused": SyncPausedReport;
}

export function webhookEvent<Type extends WebhookEventType>(
  type: Type,
  data: WebhookEventData[Type],
  nowMs: number,
): WebhookEvent<Type> {
  return {
    id: `evt_${randomBytes(12).toString("base64url")}`,
    type,
    createdAt: new Date(nowMs).toISOString(),
    data,
  };
}
