import { decodeRow, OperationError, pageOfLink, pageReadKeys } from "@linksync/core";
import { type Bundle, defineSearch, type PlainOutputField, type ZObject } from "zapier-platform-core";
import { inputText, linkDatabaseField, linkField } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";

/** The link's row with the shortener's live count (`clicks`; the row's Clicks column lags up to 5 minutes). */
type ClicksOutput = ShortLinkOutput & {
  readonly clicks: number;
  /** ISO-8601 UTC; null when never clicked. */
  readonly lastClickAt: string | null;
};

export const perform = (z: ZObject, bundle: Bundle): Promise<ClicksOutput[]> =>
  withLinksync(z, bundle, async ({ forLink, qrUrl, clickStats }) => {
    const linkId = inputText(bundle.inputData.linkId).trim();
    const ctx = await forLink(linkId);
    const pageId = await pageOfLink(ctx, linkId);
    const stats = (await clickStats([linkId])).get(linkId);
    if (!stats) {
      throw new OperationError("link_not_found", `The shortener has no clicks record for link ${linkId}.`, {
        linkId,
      });
    }
    const row = decodeRow(
      await ctx.notion.retrievePage(pageId, { priority: "interactive", filterProperties: pageReadKeys(ctx) }),
      ctx.fieldMap,
    );
    return [
      {
        ...toShortLinkOutput({ ...row, linkId }, qrUrl),
        clicks: stats.clicks,
        lastClickAt: stats.lastClickAt,
      },
    ];
  });

export default defineSearch({
  key: "get_clicks",
  noun: "Clicks",
  display: {
    label: "Get Clicks",
    description:
      "Finds a short link's click count and the time of its last click, as the shortener counts them now.",
  },
  operation: {
    inputFields: [linkDatabaseField, linkField],
    perform,
    sample: { ...shortLinkSample, clicks: 128, lastClickAt: "2026-03-02T09:15:41.000Z" },
    outputFields: [
      ...shortLinkOutputFields.filter((field) => field.key !== "clicks"),
      { key: "clicks", label: "Clicks", type: "integer" },
      { key: "lastClickAt", label: "Last Click At", type: "datetime" },
    ] satisfies PlainOutputField[],
  },
});
