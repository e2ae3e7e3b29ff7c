import type { QueryDataSourceParameters } from "@notionhq/client";
import { decodeRow } from "../codec/decode-row";
import type { Row } from "../rows/row";
import { LINK_COLUMNS, requireMappedDataSource } from "./mapped-columns";
import { callOptions, type OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";

type Filter = NonNullable<QueryDataSourceParameters["filter"]>;
type PropertyFilter = Extract<Filter, { property: string }>;

/**
 * What Find Link searches by: any of these, at least one; a row must match every one given. URLs match exactly;
 * `title` matches rows whose title contains the text (case-insensitive, as Notion's `contains`).
 */
export interface LinkQuery {
  readonly shortUrl?: string;
  readonly destination?: string;
  readonly title?: string;
}

/** The Notion calls a link query makes: the schema checked, then one query. */
type LinkQueryCalls = "retrieveDataSource" | "queryDataSource";

/** Default and maximum rows a search returns. */
const SEARCH_LIMIT = 25;

/** Linked rows matching every part of the query, newest first. */
export async function findLinks(
  ctx: OperationContext<LinkQueryCalls>,
  dataSourceId: string,
  query: LinkQuery,
  limit = SEARCH_LIMIT,
): Promise<Row[]> {
  const filterProperties = await requireMappedDataSource(ctx, dataSourceId, LINK_COLUMNS);
  return linkedRows(ctx, dataSourceId, matching(ctx, query), limit, filterProperties);
}

/** The newest linked rows (by the row's creation time), newest first: what the New Short Link trigger polls. */
export async function listRecentLinks(
  ctx: OperationContext<LinkQueryCalls>,
  dataSourceId: string,
  limit: number,
): Promise<Row[]> {
  const filterProperties = await requireMappedDataSource(ctx, dataSourceId, LINK_COLUMNS);
  return linkedRows(ctx, dataSourceId, [], limit, filterProperties);
}

function matching(ctx: Pick<OperationContext, "fieldMap">, query: LinkQuery): PropertyFilter[] {
  const { fieldMap } = ctx;
  const filters: PropertyFilter[] = [];
  const shortUrl = query.shortUrl?.trim();
  const destination = query.destination?.trim();
  const title = query.title?.trim();
  if (shortUrl) filters.push({ property: fieldMap.shortUrl, url: { equals: shortUrl } });
  if (destination) filters.push({ property: fieldMap.destination, url: { equals: destination } });
  if (title) filters.push({ property: fieldMap.title, title: { contains: title } });
  if (filters.length === 0) {
    throw new OperationError(
      "invalid_input",
      "Say what to search for: a short URL, a destination or a title.",
    );
  }
  return filters;
}

async function linkedRows(
  ctx: OperationContext<"queryDataSource">,
  dataSourceId: string,
  filters: readonly PropertyFilter[],
  limit: number,
  filterProperties: readonly string[],
): Promise<Row[]> {
  const linked: PropertyFilter = { property: ctx.fieldMap.linkId, rich_text: { is_not_empty: true } };
  const query = ctx.notion.queryDataSource(
    {
      dataSourceId,
      filter: filters.length > 0 ? { and: [linked, ...filters] } : linked,
      sorts: [{ timestamp: "created_time", direction: "descending" }],
      pageSize: limit,
      filterProperties,
    },
    callOptions(ctx),
  );
  const rows: Row[] = [];
  for await (const page of query) {
    const row = decodeRow(page, ctx.fieldMap);
    if (!row.inTrash) rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows;
}
