import type { QueryDataSourceParameters } from "@notionhq/client";
import { decodeRow } from "../codec/decode-row";
import type { Row } from "../rows/row";
import { LINK_COLUMNS, requireMappedDataSource } from "./mapped-columns";
import { callOptions, type OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";

type Filter = NonNullable<QueryDataSourceParameters["filter"]>;
type PropertyFilter = Extract<Filter, { property: string }>;

/** What Find Link searches by: exactly one of them. */
export type LinkQuery =
  | { readonly shortUrl: string }
  | { readonly destination: string }
  /** Rows whose title contains this text (case-insensitive, as Notion's `contains`). */
  | { readonly title: string };

/** Default and maximum rows a search returns. */
const SEARCH_LIMIT = 25;

/** Linked rows matching the query, newest first. URLs match exactly; titles by substring. */
export async function findLinks(
  ctx: OperationContext,
  dataSourceId: string,
  query: LinkQuery,
  limit = SEARCH_LIMIT,
): Promise<Row[]> {
  await requireMappedDataSource(ctx, dataSourceId, LINK_COLUMNS);
  return linkedRows(ctx, dataSourceId, matching(ctx, query), limit);
}

/** The newest linked rows (by the row's creation time), newest first: what the New Short Link trigger polls. */
export async function listRecentLinks(
  ctx: OperationContext,
  dataSourceId: string,
  limit: number,
): Promise<Row[]> {
  await requireMappedDataSource(ctx, dataSourceId, LINK_COLUMNS);
  return linkedRows(ctx, dataSourceId, null, limit);
}

function matching(ctx: OperationContext, query: LinkQuery): PropertyFilter {
  const { fieldMap } = ctx;
  if ("shortUrl" in query) return { property: fieldMap.shortUrl, url: { equals: required(query.shortUrl) } };
  if ("destination" in query) {
    return { property: fieldMap.destination, url: { equals: required(query.destination) } };
  }
  return { property: fieldMap.title, title: { contains: required(query.title) } };
}

function required(value: string): string {
  const trimmed = value.trim();
  if (trimmed === "") {
    throw new OperationError(
      "invalid_input",
      "Say what to search for: a short URL, a destination or a title.",
    );
  }
  return trimmed;
}

async function linkedRows(
  ctx: OperationContext,
  dataSourceId: string,
  filter: PropertyFilter | null,
  limit: number,
): Promise<Row[]> {
  const linked: PropertyFilter = { property: ctx.fieldMap.linkId, rich_text: { is_not_empty: true } };
  const query = ctx.notion.queryDataSource(
    {
      dataSourceId,
      filter: filter ? { and: [linked, filter] } : linked,
      sorts: [{ timestamp: "created_time", direction: "descending" }],
      pageSize: limit,
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
