import { decodeRow, mintIdempotencyKey } from "@linksync/core";
import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";
import { perform as pollRecentLinks } from "./new-short-link";
import { readDelivery } from "./rest-hooks/delivery";
import { subscribeToShortener, unsubscribeFromShortener } from "./rest-hooks/shortener-subscription";

/**
 * A `link.created` delivery as the polling trigger's item: the link's row is read from Notion (title, page URL,
 * tags, Last Synced), so a Zap gets the same fields and the same `id` (the link's) whichever way it heard of the
 * link. Links that are not a row of the chosen database (another database, minted outside Linksync) are skipped.
 */
export const perform = (z: ZObject, bundle: Bundle): Promise<ShortLinkOutput[]> =>
  withLinksync(z, bundle, async ({ ctx, qrUrl }) => {
    const delivery = readDelivery(z, bundle, "link.created");
    const link = delivery?.data.link as
      | { id?: unknown; shortUrl?: unknown; externalId?: unknown }
      | undefined;
    const prefix = mintIdempotencyKey("");
    if (typeof link?.id !== "string" || typeof link.externalId !== "string") return [];
    if (!link.externalId.startsWith(prefix)) return [];
    const page = await ctx.notion.retrievePage(link.externalId.slice(prefix.length), {
      priority: "interactive",
    });
    const { parent } = page;
    const dataSourceId = parent.type === "data_source_id" ? parent.data_source_id : null;
    if (dataSourceId !== inputText(bundle.inputData.dataSourceId)) return [];
    const row = decodeRow(page, ctx.fieldMap);
    if (row.inTrash) return [];
    // The engine writes the row just after minting the link: until then the link itself says what the row will.
    const shortUrl = row.shortUrl ?? (typeof link.shortUrl === "string" ? link.shortUrl : null);
    return [toShortLinkOutput({ ...row, linkId: link.id, shortUrl }, qrUrl)];
  });

export default defineTrigger({
  key: "new_short_link_instant",
  noun: "Short Link",
  display: {
    label: "New Short Link",
    description: "Triggers when a row of your Notion database gets its short link.",
  },
  operation: {
    type: "hook",
    inputFields: [databaseField],
    performSubscribe: (z: ZObject, bundle: Bundle) => subscribeToShortener(z, bundle, ["link.created"]),
    performUnsubscribe: unsubscribeFromShortener,
    perform,
    // The polling perform: samples and "test trigger" show exactly what a delivery produces.
    performList: pollRecentLinks,
    sample: shortLinkSample,
    outputFields: shortLinkOutputFields,
  },
});
