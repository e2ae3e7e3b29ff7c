import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { rowOfLink } from "../link-rows";
import { withLinksync } from "../linksync";
import { type ClickOutput, clickOutputFields, clickSample } from "../outputs/click";
import { toShortLinkOutput } from "../outputs/short-link";
import { acceptDelivery, isObject } from "./rest-hooks/delivery";
import { subscribeToShortener, unsubscribeFromShortener } from "./rest-hooks/shortener-subscription";

/** The minute of clicks a `link.clicked` delivery reports. */
interface ClickMinute {
  readonly linkId: string;
  readonly clicks: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly lastClickAt: string;
}

function clickMinute(data: Record<string, unknown> | undefined): ClickMinute | null {
  const link = data?.link;
  if (!data || !isObject(link) || typeof link.id !== "string" || typeof data.clicks !== "number") return null;
  const { windowStart, windowEnd, lastClickAt } = data;
  if (typeof windowStart !== "string" || typeof windowEnd !== "string" || typeof lastClickAt !== "string") {
    return null;
  }
  return { linkId: link.id, clicks: data.clicks, windowStart, windowEnd, lastClickAt };
}

/**
 * One run per link and minute with clicks: the shortener sums a minute's clicks into one `link.clicked` once the
 * minute is over, so a busy link does not start a run per click. The link's row is read (through the link's
 * idempotency key) to skip links of another database and to give the row's fields.
 */
export const perform = async (z: ZObject, bundle: Bundle): Promise<ClickOutput[]> => {
  const minute = clickMinute((await acceptDelivery(z, bundle, "link.clicked"))?.data);
  if (!minute) return [];
  return withLinksync(z, bundle, async (linksync) => {
    const { ctx, qrUrl } = linksync;
    const link = await ctx.provider.get(minute.linkId);
    const row =
      link && (await rowOfLink(linksync, link.externalId, inputText(bundle.inputData.dataSourceId)));
    if (!link || !row) return [];
    const { id: _id, clicks: _total, ...output } = toShortLinkOutput(row, qrUrl);
    return [{ ...output, ...minute, id: `${minute.linkId}@${minute.windowStart}`, shortUrl: link.shortUrl }];
  });
};

export default defineTrigger({
  key: "new_click",
  noun: "Click",
  display: {
    label: "New Click",
    description:
      "Triggers when a short link of your Notion database was clicked: once per link and minute, with that minute's click count.",
  },
  operation: {
    type: "hook",
    inputFields: [databaseField],
    performSubscribe: (z: ZObject, bundle: Bundle) => subscribeToShortener(z, bundle, ["link.clicked"]),
    performUnsubscribe: unsubscribeFromShortener,
    perform,
    // No performList: no past minute can be rebuilt from totals, so "test trigger" shows the sample.
    sample: clickSample,
    outputFields: clickOutputFields,
  },
});
