import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { rowOfLink } from "../link-rows";
import { withLinksync } from "../linksync";
import { type LinkChangeOutput, linkChangeOutputFields, linkChangeSample } from "../outputs/link-change";
import { toShortLinkOutput } from "../outputs/short-link";
import { perform as pollRecentLinks } from "./new-short-link";
import { acceptDelivery } from "./rest-hooks/delivery";
import { deliveredLink } from "./rest-hooks/link-event";
import { subscribeToShortener, unsubscribeFromShortener } from "./rest-hooks/shortener-subscription";

/**
 * A `link.updated` delivery (destination or tags changed, by Linksync, a Zap or the shortener's own UI/API) with the
 * link's row. The destination and tags are the link's as delivered: the row may catch up a sync cycle later.
 */
export const perform = async (z: ZObject, bundle: Bundle): Promise<LinkChangeOutput[]> => {
  const link = deliveredLink(await acceptDelivery(z, bundle, "link.updated"));
  if (!link) return [];
  return withLinksync(z, bundle, async (linksync) => {
    const { qrUrl } = linksync;
    const row = await rowOfLink(linksync, link.externalId, inputText(bundle.inputData.dataSourceId));
    if (!row) return [];
    const { id: _rowLinkId, ...output } = toShortLinkOutput(row, qrUrl);
    return [
      {
        ...output,
        id: `${link.id}@${link.version}`,
        linkId: link.id,
        destination: link.destination,
        shortUrl: link.shortUrl,
        tags: link.tags,
        updatedAt: link.updatedAt,
        updatedBy: link.updatedBy,
      },
    ];
  });
};

/** "Test trigger": the newest links as they are now, each as its latest change. */
const performList = async (z: ZObject, bundle: Bundle): Promise<LinkChangeOutput[]> =>
  (await pollRecentLinks(z, { ...bundle, meta: { ...bundle.meta, page: 0 } }))
    .slice(0, 3)
    .map(({ id, ...link }) => ({
      ...link,
      id: `${id}@latest`,
      linkId: id,
      updatedAt: link.lastSynced ?? "",
      updatedBy: "unknown",
    }));

export default defineTrigger({
  key: "link_updated",
  noun: "Link",
  display: {
    label: "Link Updated",
    description:
      "Triggers when a short link of your Notion database changes destination or tags, wherever the change was made.",
  },
  operation: {
    type: "hook",
    inputFields: [databaseField],
    performSubscribe: (z: ZObject, bundle: Bundle) => subscribeToShortener(z, bundle, ["link.updated"]),
    performUnsubscribe: unsubscribeFromShortener,
    perform,
    performList,
    sample: linkChangeSample,
    outputFields: linkChangeOutputFields,
  },
});
