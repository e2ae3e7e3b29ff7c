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

/** The first search field filled in, in the order they are shown. */
function queryOf(z: ZObject, inputData: Bundle["inputData"]): LinkQuery {
  const shortUrl = inputText(inputData.shortUrl).trim();
  if (shortUrl) return { shortUrl };
  const destination = inputText(inputData.destination).trim();
  if (destination) return { destination };
  const title = inputText(inputData.title).trim();
  if (title) return { title };
  throw new z.errors.Error(
    "Fill in Short URL, Destination URL or Title to say which link to find.",
    "invalid_input",
  );
}

export const perform = (z: ZObject, bundle: Bundle): Promise<ShortLinkOutput[]> =>
  withLinksync(z, bundle, async ({ ctx, qrUrl }) => {
    const rows = await findLinks(ctx, inputText(bundle.inputData.dataSourceId), queryOf(z, bundle.inputData));
    return rows.map((row) => toShortLinkOutput(row, qrUrl));
  });

export default defineSearch({
  key: "find_link",
  noun: "Link",
  display: {
    label: "Find Link",
    description: "Finds a short link in your Notion database by its short URL, destination or title.",
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
        helpText: "Words of the row's title. Fill in one of the three fields; the first one filled is used.",
      },
    ],
    perform,
    sample: shortLinkSample,
    outputFields: shortLinkOutputFields,
  },
});
