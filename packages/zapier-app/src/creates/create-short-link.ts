import { createShortLink } from "@linksync/core";
import { type Bundle, defineCreate, type ZObject } from "zapier-platform-core";
import { databaseField, inputText, tagsOf } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";

const outcomeField = { key: "outcome", label: "Outcome", type: "string" } as const;

/** `created`: a new row and link; `minted`: an existing row without a link got one; `existing`: already done. */
export type CreatedOutput = ShortLinkOutput & { readonly outcome: "created" | "minted" | "existing" };

export const perform = (z: ZObject, bundle: Bundle): Promise<CreatedOutput> =>
  withLinksync(z, bundle, async ({ forDataSource, qrUrl }) => {
    const dataSourceId = inputText(bundle.inputData.dataSourceId);
    const slug = inputText(bundle.inputData.slug).trim();
    const { row, outcome } = await createShortLink(await forDataSource(dataSourceId), dataSourceId, {
      destination: inputText(bundle.inputData.destination),
      title: inputText(bundle.inputData.title),
      tags: tagsOf(bundle.inputData.tags),
      source: "zapier",
      ...(slug ? { slug } : {}),
    });
    return { ...toShortLinkOutput(row, qrUrl), outcome };
  });

export default defineCreate({
  key: "create_short_link",
  noun: "Short Link",
  display: {
    label: "Create Short Link",
    description:
      "Creates a row in your Notion database with its branded short link, or gives the existing row with that destination and title its link. Outcome says which.",
  },
  operation: {
    inputFields: [
      databaseField,
      {
        key: "destination",
        label: "Destination URL",
        type: "string",
        required: true,
        helpText: "The full web address the short link opens, starting with `https://`.",
      },
      {
        key: "title",
        label: "Title",
        type: "string",
        required: true,
        helpText: "The row's title in Notion.",
      },
      {
        key: "tags",
        label: "Tags",
        type: "string",
        list: true,
        required: false,
        helpText: "Tags for the row and the link (no commas, at most 100 characters each).",
      },
      {
        key: "slug",
        label: "Custom Slug",
        type: "string",
        required: false,
        helpText:
          "The end of the short URL, e.g. `spring-sale`. Leave empty for a generated one. When the row already has a link with another slug, the step fails and says so (a link's slug is never changed).",
      },
    ],
    perform,
    sample: { ...shortLinkSample, outcome: "created" },
    outputFields: [...shortLinkOutputFields, outcomeField],
  },
});
