import type { PageObjectResponse } from "@notionhq/client";
import { decodeRow } from "../codec/decode-row";
import { columnKeys, mappedKeys } from "../fields/column-keys";
import { FIELDS, type FieldRole } from "../fields/field-map";
import type { Row } from "../rows/row";
import { columnState, type DataSourceSchema, typeLabel } from "../schema/columns";
import { validateFieldMap } from "../schema/validate-field-map";
import { callOptions, type OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";

/** The columns every operation on linked rows reads or writes. */
export const LINK_COLUMNS: readonly FieldRole[] = [
  "title",
  "destination",
  "shortUrl",
  "linkId",
  "lastSynced",
];

/**
 * Checks, before anything is written, that the data source has the columns an operation needs, as the field map
 * names them. A database nobody attached to Linksync fails here with a sentence saying what to do. Answers the
 * property ids of every mapped column the data source has: what the operation's queries ask Notion for
 * (`filter_properties`; from Notion-Version 2026-12-01 a query without it returns the title only).
 */
export async function requireMappedDataSource(
  ctx: OperationContext<"retrieveDataSource">,
  dataSourceId: string,
  roles: readonly FieldRole[],
): Promise<readonly string[]> {
  const dataSource = await ctx.notion.retrieveDataSource(dataSourceId, callOptions(ctx));
  const check = validateFieldMap(dataSource, ctx.fieldMap);
  const error = (check.ok ? [] : check.errors).find((e) => roles.includes(e.role));
  if (error) throw notMapped(error.message, error.column);
  const missing = check.missing.find((m) => roles.includes(m.role));
  if (missing)
    throw notMapped(`It has no ${typeLabel(missing.type)} column "${missing.column}".`, missing.column);
  return mappedPropertyIds(dataSource, ctx);
}

/** The property ids of the mapped columns the schema has (of the type their role needs). */
export function mappedPropertyIds(
  schema: DataSourceSchema,
  ctx: Pick<OperationContext, "fieldMap">,
): string[] {
  return FIELDS.flatMap(({ role, type }) => {
    const key = ctx.fieldMap[role];
    const state = key === undefined ? undefined : columnState(schema, key, type);
    return state?.kind === "ok" ? [state.id] : [];
  });
}

/**
 * The `filter_properties` of a page read when no schema was read first: the columns' ids when the context knows
 * them (`withSchemaFieldMap`, or the engine's id-keyed field map), their names otherwise.
 */
export function pageReadKeys(ctx: Pick<OperationContext, "fieldMap" | "columnIds">): string[] {
  return mappedKeys(columnKeys(ctx.fieldMap, ctx.columnIds ?? {}));
}

export interface ReadRow {
  readonly row: Row;
  readonly dataSourceId: string;
}

/** Reads and decodes one row; a column the operation needs that the page lacks means the database is not mapped. */
export async function readRow(
  ctx: OperationContext<"retrievePage">,
  pageId: string,
  roles: readonly FieldRole[],
): Promise<ReadRow> {
  const page = await ctx.notion.retrievePage(pageId, {
    ...callOptions(ctx),
    filterProperties: pageReadKeys(ctx),
  });
  const row = decodeRow(page, ctx.fieldMap);
  const problem = row.problems.find((p) => roles.includes(p.column));
  if (problem) throw notMapped(problem.message, ctx.fieldMap[problem.column]);
  return { row, dataSourceId: dataSourceIdOf(page) };
}

export function dataSourceIdOf(page: PageObjectResponse): string {
  const { parent } = page;
  if (parent.type === "data_source_id") return parent.data_source_id;
  if (parent.type === "database_id") return parent.database_id;
  throw new OperationError(
    "database_not_mapped",
    "This Notion page is not a row of a database. Pick a row of the database you connected to Linksync.",
    { pageId: page.id },
  );
}

function notMapped(detail: string, column: string | undefined): OperationError {
  return new OperationError(
    "database_not_mapped",
    `This database is not set up for Linksync. ${detail} Attach it in the Linksync app (which adds the missing columns), or pick another database.`,
    column ? { column } : {},
  );
}
