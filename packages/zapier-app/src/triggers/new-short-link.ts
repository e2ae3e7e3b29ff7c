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
import { PAGE_SIZE, pageNumber } from "../pages";

/**
 * Linked rows, newest row first, `PAGE_SIZE` per page: a poll reads page 0, the Link dropdown pages on. Notion
 * pages by cursor only, so page `n` reads the `n` pages before it (n + 1 queries).
 */
export const perform = (z: ZObject, bundle: Bundle): Promise<ShortLinkOutput[]> =>
  withLinksync(z, bundle, async ({ forDataSource, qrUrl }) => {
    const page = pageNumber(bundle.meta);
    const dataSourceId = inputText(bundle.inputData.dataSourceId);
    const rows = await listRecentLinks(
      await forDataSource(dataSourceId),
      dataSourceId,
      (page + 1) * PAGE_SIZE,
    );
    return rows.slice(page * PAGE_SIZE).map((row) => toShortLinkOutput(row, qrUrl));
  });

export default defineTrigger({
  key: "new_short_link",
  noun: "Short Link",
  display: {
    label: "New Short Link",
    description: "Triggers when a row of your Notion database gets its short link.",
    // Polling, kept for the Zaps built on it and for the Link dropdown; new Zaps use the instant trigger.
    hidden: true,
  },
  operation: {
    type: "polling",
    inputFields: [databaseField],
    perform,
    canPaginate: true,
    sample: shortLinkSample,
    outputFields: shortLinkOutputFields,
  },
});
