import { decodeRow, mintIdempotencyKey, NotionError, pageReadKeys, type Row } from "@linksync/core";
import { type Linksync, TITLE_PROPERTY_ID } from "./linksync";

type PageObjectResponse = Awaited<ReturnType<Linksync["ctx"]["notion"]["retrievePage"]>>;

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
  const pageId = externalId.slice(PAGE_KEY_PREFIX.length);
  const columns = await forDataSource(dataSourceId);
  const read = (filterProperties: readonly string[]) =>
    ctx.notion.retrievePage(pageId, { priority: "interactive", filterProperties });
  let page: PageObjectResponse;
  try {
    // The database's own columns only: a page of another database may lack them, which Notion refuses.
    page = await read(pageReadKeys(columns));
  } catch (error) {
    if (!(error instanceof NotionError && error.code === "validation_error")) throw error;
    if (inDataSource(await read([TITLE_PROPERTY_ID]), dataSourceId)) throw error;
    return null;
  }
  if (!inDataSource(page, dataSourceId)) return null;
  const row = decodeRow(page, columns.fieldMap);
  return row.inTrash ? null : row;
}

function inDataSource(page: PageObjectResponse, dataSourceId: string): boolean {
  return page.parent.type === "data_source_id" && page.parent.data_source_id === dataSourceId;
}
