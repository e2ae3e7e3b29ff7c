import { listRecentLinks } from "@linksync/core";
import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";

/** Enough for Zapier's deduplication window without reading the whole database on every poll. */
const POLL_LIMIT = 50;

export const perform = (z: ZObject, bundle: Bundle): Promise<ShortLinkOutput[]> =>
  withLinksync(z, bundle, async ({ ctx, qrUrl }) => {
    const limit = bundle.meta?.limit > 0 ? Math.min(bundle.meta.limit, POLL_LIMIT) : POLL_LIMIT;
    const rows = await listRecentLinks(ctx, inputText(bundle.inputData.dataSourceId), limit);
    return rows.map((row) => toShortLinkOutput(row, qrUrl));
  });

export default defineTrigger({
  key: "new_short_link",
  noun: "Short Link",
  display: {
    label: "New Short Link",
    description: "Triggers when a row of your Notion database gets its short link.",
    // Polling, kept for the Zaps built on it; new Zaps use the instant trigger (Zapier's way to change a trigger's type).
    hidden: true,
  },
  operation: {
    type: "polling",
    inputFields: [databaseField],
    perform,
    sample: shortLinkSample,
    outputFields: shortLinkOutputFields,
  },
});
