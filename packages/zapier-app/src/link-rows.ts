import { decodeRow, mintIdempotencyKey, type OperationContext, type Row } from "@linksync/core";

/** Every Linksync link carries its row's page id in its idempotency key (`notion-page:<page id>`). */
const PAGE_KEY_PREFIX = mintIdempotencyKey("");

/**
 * The Notion row a link was minted for, or null when the link is not Linksync's, its row is in the trash, or (when
 * `dataSourceId` is given) the row belongs to another database.
 */
export async function rowOfLink(
  ctx: OperationContext,
  externalId: string | null | undefined,
  dataSourceId: string | null,
): Promise<Row | null> {
  if (typeof externalId !== "string" || !externalId.startsWith(PAGE_KEY_PREFIX)) return null;
  const page = await ctx.notion.retrievePage(externalId.slice(PAGE_KEY_PREFIX.length), {
    priority: "interactive",
  });
  const { parent } = page;
  const parentId = parent.type === "data_source_id" ? parent.data_source_id : null;
  if (dataSourceId !== null && parentId !== dataSourceId) return null;
  const row = decodeRow(page, ctx.fieldMap);
  return row.inTrash ? null : row;
}
