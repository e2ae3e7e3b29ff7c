import { type DestinationUpdate, decodeRow, pageReadKeys, updateDestination } from "@linksync/core";
import { type Bundle, defineCreate, type PlainOutputField, type ZObject } from "zapier-platform-core";
import { inputText, linkDatabaseField, linkField } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ShortLinkOutput,
  shortLinkOutputFields,
  shortLinkSample,
  toShortLinkOutput,
} from "../outputs/short-link";

/** The link's row after the update, and how it went. Every key is always present (null when it does not apply). */
type UpdateDestinationOutput = ShortLinkOutput & {
  readonly status: "applied" | "unchanged" | "conflict";
  readonly requestedDestination: string;
  readonly keptValue: string | null;
  readonly droppedValue: string | null;
  readonly conflictId: string | null;
  /** ISO-8601 UTC. */
  readonly conflictAt: string | null;
  readonly linkId: string;
};

function outcomeOf(result: DestinationUpdate, requested: string) {
  const conflict = result.status === "conflict" ? result.conflict : null;
  return {
    status: result.status,
    requestedDestination: requested,
    keptValue: conflict?.kept ?? null,
    droppedValue: conflict?.dropped ?? null,
    conflictId: conflict?.conflictId ?? null,
    conflictAt: conflict?.at ?? null,
    linkId: result.linkId,
  };
}

export const perform = (z: ZObject, bundle: Bundle): Promise<UpdateDestinationOutput> =>
  withLinksync(z, bundle, async ({ forLink, qrUrl }) => {
    const url = inputText(bundle.inputData.destination).trim();
    const linkId = inputText(bundle.inputData.linkId);
    const ctx = await forLink(linkId);
    const result = await updateDestination(ctx, { linkId }, url, "zapier");
    // Read back after the write: the row's short URL, title, tags and page link for the next steps.
    const row = decodeRow(
      await ctx.notion.retrievePage(result.pageId, {
        priority: "interactive",
        filterProperties: pageReadKeys(ctx),
      }),
      ctx.fieldMap,
    );
    return { ...toShortLinkOutput({ ...row, linkId: result.linkId }, qrUrl), ...outcomeOf(result, url) };
  });

const outputFields = [
  ...shortLinkOutputFields,
  { key: "status", label: "Status", type: "string" },
  { key: "requestedDestination", label: "Requested Destination", type: "string" },
  { key: "keptValue", label: "Kept Value", type: "string" },
  { key: "droppedValue", label: "Dropped Value", type: "string" },
  { key: "conflictId", label: "Conflict ID", type: "string" },
  { key: "conflictAt", label: "Conflict Time", type: "datetime" },
  { key: "linkId", label: "Link ID", type: "string" },
] satisfies PlainOutputField[];

const sample: UpdateDestinationOutput = {
  ...shortLinkSample,
  status: "conflict",
  requestedDestination: "https://shop.example.com/spring-old",
  keptValue: "https://shop.example.com/spring",
  droppedValue: "https://shop.example.com/spring-old",
  conflictId: "c_3f9a1b2c4d5e",
  conflictAt: "2026-03-01T14:02:30.000Z",
  linkId: shortLinkSample.id,
};

export default defineCreate({
  key: "update_destination",
  noun: "Destination",
  display: {
    label: "Update Destination",
    description:
      "Points a short link to a new URL and updates its Notion row. If the row's Destination was changed in Notion since the last sync, Notion's value wins and the result has status `conflict`.",
  },
  operation: {
    inputFields: [
      linkDatabaseField,
      linkField,
      {
        key: "destination",
        label: "New Destination URL",
        type: "string",
        required: true,
        helpText: "The full web address the short link should open, starting with `https://`.",
      },
    ],
    perform,
    sample,
    outputFields,
  },
});
