import { type DestinationUpdate, updateDestination } from "@linksync/core";
import { type Bundle, defineCreate, type PlainOutputField, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { withLinksync } from "../linksync";

/** Every key is always present (null when it does not apply), so a Zap can branch on `status` and map the rest. */
type UpdateDestinationOutput = {
  readonly id: string;
  readonly status: "applied" | "unchanged" | "conflict";
  /** The destination the link and the row hold now. */
  readonly destination: string;
  readonly requestedDestination: string;
  readonly keptValue: string | null;
  readonly droppedValue: string | null;
  readonly conflictId: string | null;
  /** ISO-8601 UTC. */
  readonly conflictAt: string | null;
  readonly linkId: string;
  readonly notionPageId: string;
};

function toOutput(result: DestinationUpdate, requested: string): UpdateDestinationOutput {
  const conflict = result.status === "conflict" ? result.conflict : null;
  return {
    id: result.linkId,
    status: result.status,
    destination: result.status === "conflict" ? result.kept : result.destination,
    requestedDestination: requested,
    keptValue: conflict?.kept ?? null,
    droppedValue: conflict?.dropped ?? null,
    conflictId: conflict?.conflictId ?? null,
    conflictAt: conflict?.at ?? null,
    linkId: result.linkId,
    notionPageId: result.pageId,
  };
}

export const perform = (z: ZObject, bundle: Bundle): Promise<UpdateDestinationOutput> =>
  withLinksync(z, bundle, async ({ ctx }) => {
    const url = inputText(bundle.inputData.destination).trim();
    const result = await updateDestination(
      ctx,
      { linkId: inputText(bundle.inputData.linkId) },
      url,
      "zapier",
    );
    return toOutput(result, url);
  });

const outputFields = [
  { key: "id", label: "Link ID", type: "string" },
  { key: "status", label: "Status", type: "string" },
  { key: "destination", label: "Destination", type: "string" },
  { key: "requestedDestination", label: "Requested Destination", type: "string" },
  { key: "keptValue", label: "Kept Value", type: "string" },
  { key: "droppedValue", label: "Dropped Value", type: "string" },
  { key: "conflictId", label: "Conflict ID", type: "string" },
  { key: "conflictAt", label: "Conflict Time", type: "datetime" },
  { key: "linkId", label: "Link ID", type: "string" },
  { key: "notionPageId", label: "Notion Page ID", type: "string" },
] satisfies PlainOutputField[];

const sample: UpdateDestinationOutput = {
  id: "lnk_7Kp2x9",
  status: "conflict",
  destination: "https://shop.example.com/spring",
  requestedDestination: "https://shop.example.com/spring-old",
  keptValue: "https://shop.example.com/spring",
  droppedValue: "https://shop.example.com/spring-old",
  conflictId: "c_3f9a1b2c4d5e",
  conflictAt: "2026-03-01T14:02:30.000Z",
  linkId: "lnk_7Kp2x9",
  notionPageId: "2f1c0a52-9a8e-4a55-9a3e-5b0c8f1e7d21",
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
      databaseField,
      {
        key: "linkId",
        label: "Link",
        type: "string",
        required: true,
        dynamic: "new_short_link.id.title",
        search: "find_link.id",
        helpText: "The short link to update. Pick it, or use Find Link in an earlier step.",
      },
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
