import { decodeRow } from "../codec/decode-row";
import { encodeRowPatch, type PagePropertiesRequest, richTextRequest } from "../codec/encode-row-patch";
import type { ChangeSource, Link } from "../providers/link-provider";
import type { Row } from "../rows/row";
import { checkedTags } from "./create-short-link";
import { readRow } from "./mapped-columns";
import { callOptions, nowIso, type OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";
import type { LinkTarget } from "./update-destination";
import { linkOf, pageOfLink } from "./update-destination";

/** What Update Link changes; absent fields are left as they are. */
export interface LinkEdit {
  /** The row's title (Notion owns it; the provider's label is not changed). */
  readonly title?: string;
  /** The whole tag set, written to the row and the link alike. */
  readonly tags?: readonly string[];
}

export interface UpdatedLink {
  readonly row: Row;
  readonly link: Link;
}

/**
 * Edits a linked row's title and tags from outside Notion (a Zap). Tags are written to both sides with the same
 * set, so the next sync's three-way merge sees them agree and keeps them. The link first: a failure there leaves
 * Notion untouched; the row then gets title, tags and Last Synced in one page update. The Destination is not here:
 * it goes through `updateDestination`, which knows about conflicts.
 */
export async function updateLink(
  ctx: OperationContext<"retrievePage" | "updatePage">,
  target: LinkTarget,
  edit: LinkEdit,
  source: ChangeSource,
): Promise<UpdatedLink> {
  const title = edit.title?.trim();
  const tags = edit.tags === undefined ? undefined : checkedTags(edit.tags);
  if (title === undefined && tags === undefined) {
    throw new OperationError("invalid_input", "Say what to change: a new title, new tags, or both.");
  }
  if (title === "")
    throw new OperationError("invalid_input", "A row's title cannot be empty.", { column: "title" });
  const pageId = "pageId" in target ? target.pageId : await pageOfLink(ctx, target.linkId);
  const { row } = await readRow(ctx, pageId, ["title", "linkId", ...(tags ? (["tags"] as const) : [])]);
  let link = await linkOf(ctx.provider, row);
  if (tags) link = await ctx.provider.update(link.id, { tags }, { source });
  const properties: PagePropertiesRequest = {
    ...(title !== undefined ? { [ctx.fieldMap.title]: { title: richTextRequest(title) } } : {}),
    ...encodeRowPatch({ ...(tags ? { tags } : {}), lastSynced: nowIso(ctx) }, ctx.fieldMap),
  };
  const page = await ctx.notion.updatePage({ page_id: row.pageId, properties }, callOptions(ctx));
  return { row: decodeRow(page, ctx.fieldMap), link };
}
