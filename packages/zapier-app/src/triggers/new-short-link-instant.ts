import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { rowOfLink } from "../link-rows";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";
import { perform as pollRecentLinks } from "./new-short-link";
import { acceptDelivery } from "./rest-hooks/delivery";
import { deliveredLink } from "./rest-hooks/link-event";
import { subscribeToShortener, unsubscribeFromShortener } from "./rest-hooks/shortener-subscription";

/**
 * A `link.created` delivery as the polling trigger's item: the link's row is read from Notion (title, page URL,
 * tags, Last Synced), so a Zap gets the same fields and the same `id` (the link's) whichever way it heard of the
 * link. Links that are not a row of the chosen database (another database, minted outside Linksync) are skipped.
 */
export const perform = async (z: ZObject, bundle: Bundle): Promise<ShortLinkOutput[]> => {
  const link = deliveredLink(await acceptDelivery(z, bundle, "link.created"));
  if (!link) return [];
  return withLinksync(z, bundle, async (linksync) => {
    const { qrUrl } = linksync;
    const row = await rowOfLink(linksync, link.externalId, inputText(bundle.inputData.dataSourceId));
    if (!row) return [];
    // The engine writes the row just after minting the link: until then the link itself says what the row will.
    return [toShortLinkOutput({ ...row, linkId: link.id, shortUrl: row.shortUrl ?? link.shortUrl }, qrUrl)];
  });
};

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
