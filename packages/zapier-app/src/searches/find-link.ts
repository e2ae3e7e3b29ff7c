import { findLinks, type LinkQuery } from "@linksync/core";
import { type Bundle, defineSearch, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";

/** Every search field filled in; a row must match all of them. */
function queryOf(inputData: Bundle["inputData"]): LinkQuery {
  const shortUrl = inputText(inputData.shortUrl).trim();
  const destination = inputText(inputData.destination).trim();
  const title = inputText(inputData.title).trim();
  return {
    ...(shortUrl ? { shortUrl } : {}),
    ...(destination ? { destination } : {}),
    ...(title ? { title } : {}),
  };
}

/** How the rows were matched, in the user's terms, e.g. `Destination URL is https://a.example and Title contains "sale"`. */
export function matchDescription(query: LinkQuery): string {
  const parts = [
    ...(query.shortUrl ? [`Short URL is ${query.shortUrl}`] : []),
    ...(query.destination ? [`Destination URL is ${query.destination}`] : []),
    ...(query.title ? [`Title contains "${query.title}" (any case)`] : []),
  ];
  return parts.join(" and ");
}

/** A found row; `outcome` tells a Find or Create step's result from the create's (`created`, `minted`, `existing`). */
export type FoundLinkOutput = ShortLinkOutput & { readonly outcome: "found"; readonly matchedBy: string };

export const perform = (z: ZObject, bundle: Bundle): Promise<FoundLinkOutput[]> => {
  const query = queryOf(bundle.inputData);
  if (Object.keys(query).length === 0) {
    throw new z.errors.Error(
      "Fill in Short URL, Destination URL or Title (or several) to say which link to find.",
      "invalid_input",
    );
  }
  return withLinksync(z, bundle, async ({ forDataSource, qrUrl }) => {
    const dataSourceId = inputText(bundle.inputData.dataSourceId);
    const rows = await findLinks(await forDataSource(dataSourceId), dataSourceId, query);
    const matchedBy = matchDescription(query);
    return rows.map((row) => ({ ...toShortLinkOutput(row, qrUrl), outcome: "found", matchedBy }));
  });
};

export default defineSearch({
  key: "find_link",
  noun: "Link",
  display: {
    label: "Find Link",
    description:
      "Finds short links in your Notion database whose row matches every field you fill in: short URL and destination exactly, title by the words it contains. Newest row first.",
  },
  operation: {
    inputFields: [
      databaseField,
      {
        key: "shortUrl",
        label: "Short URL",
        type: "string",
        required: false,
        helpText: "The exact short URL.",
      },
      {
        key: "destination",
        label: "Destination URL",
        type: "string",
        required: false,
        helpText: "The exact destination URL.",
      },
      {
        key: "title",
        label: "Title",
        type: "string",
        required: false,
        helpText:
          'Text the row\'s title contains (any case), e.g. `spring` finds "Spring sale". Fill in one field or several: a row must match all of them.',
      },
    ],
    perform,
    sample: { ...shortLinkSample, outcome: "found", matchedBy: 'Title contains "spring" (any case)' },
    outputFields: [
      ...shortLinkOutputFields,
      { key: "outcome", label: "Outcome", type: "string" },
      { key: "matchedBy", label: "Matched By", type: "string" },
    ],
  },
});
