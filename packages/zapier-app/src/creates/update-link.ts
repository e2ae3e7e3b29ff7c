import { updateLink } from "@linksync/core";
import { type Bundle, defineCreate, type ZObject } from "zapier-platform-core";
import { inputText, linkDatabaseField, linkField, tagsOf } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";

export const perform = (z: ZObject, bundle: Bundle): Promise<ShortLinkOutput> =>
  withLinksync(z, bundle, async ({ forLink, qrUrl }) => {
    const title = inputText(bundle.inputData.title).trim();
    const tagsGiven =
      bundle.inputData.tags !== undefined &&
      bundle.inputData.tags !== null &&
      inputText(bundle.inputData.tags) !== "";
    const linkId = inputText(bundle.inputData.linkId);
    const { row, link } = await updateLink(
      await forLink(linkId),
      { linkId },
      { ...(title ? { title } : {}), ...(tagsGiven ? { tags: tagsOf(bundle.inputData.tags) } : {}) },
      "zapier",
    );
    return toShortLinkOutput({ ...row, linkId: link.id, shortUrl: row.shortUrl ?? link.shortUrl }, qrUrl);
  });

export default defineCreate({
  key: "update_link",
  noun: "Link",
  display: {
    label: "Update Link",
    description:
      "Changes a short link's title and tags, in its Notion row and at the shortener. Fields left empty stay as they are; use Update Destination to change where it points.",
  },
  operation: {
    inputFields: [
      linkDatabaseField,
      linkField,
      {
        key: "title",
        label: "New Title",
        type: "string",
        required: false,
        helpText: "The row's new title in Notion. Leave empty to keep it.",
      },
      {
        key: "tags",
        label: "New Tags",
        type: "string",
        list: true,
        required: false,
        helpText:
          "The link's whole new tag set (it replaces the current tags, on the row and the link). Leave empty to keep them.",
      },
    ],
    perform,
    sample: shortLinkSample,
    outputFields: shortLinkOutputFields,
  },
});
