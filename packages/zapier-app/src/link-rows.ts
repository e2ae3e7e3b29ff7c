import { decodeRow, mintIdempotencyKey, type Row } from "@linksync/core";
import type { Linksync } from "./linksync";

/** Every Linksync link carries its row's page id in its idempotency key (`notion-page:<page id>`). */
const PAGE_KEY_PREFIX = mintIdempotencyKey("");

/**
 * The row of `dataSourceId` a link was minted for, decoded with that database's columns as its schema names them;
 * null when the link is not Linksync's, its row is in the trash or belongs to another database.
 */
export async function rowOfLink(
  { ctx, forDataSource }: Pick<Linksync, "ctx" | "forDataSource">,
  externalId: string | null | undefined,
  dataSourceId: string,
): Promise<Row | null> {
  if (typeof externalId !== "string" || !externalId.startsWith(PAGE_KEY_PREFIX)) return null;
  const page = await ctx.notion.retrievePage(externalId.slice(PAGE_KEY_PREFIX.length), {
    priority: "interactive",
  });
  const { parent } = page;
  if (parent.type !== "data_source_id" || parent.data_source_id !== dataSourceId) return null;
  const row = decodeRow(page, (await forDataSource(dataSourceId)).fieldMap);
  return row.inTrash ? null : row;
}
