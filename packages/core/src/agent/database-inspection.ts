import { type DataSourceObjectResponse, isFullDataSource } from "@notionhq/client";
import { defaultFieldMap, type FieldMap } from "../fields/field-map";
import type { NotionGateway } from "../notion/gateway";
import { titleColumn } from "../schema/columns";
import { validateFieldMap } from "../schema/validate-field-map";
import type { DatabaseCandidate, FieldMapReport } from "./agent-api";

/** The connection's data sources whose title matches `query`, for the "pick a database" screen. */
export async function searchDataSources(
  gateway: NotionGateway,
  query: string,
): Promise<readonly DatabaseCandidate[]> {
  const found: DatabaseCandidate[] = [];
  for await (const result of gateway.search(
    { query, filter: { property: "object", value: "data_source" } },
    { priority: "interactive" },
  )) {
    if (isFullDataSource(result)) found.push(candidateOf(result));
  }
  return found;
}

/** The data source's columns and how a field map fits them, without changing anything. */
export async function inspectDataSource(
  gateway: NotionGateway,
  dataSourceId: string,
  fieldMap?: Partial<FieldMap>,
): Promise<FieldMapReport> {
  const dataSource = await gateway.retrieveDataSource(dataSourceId, { priority: "interactive" });
  const map = resolveFieldMap(dataSource, fieldMap);
  const check = validateFieldMap(dataSource, map);
  return {
    dataSourceId,
    title: plainTitle(dataSource),
    columns: Object.values(dataSource.properties).map((p) => ({ name: p.name, type: p.type })),
    fieldMap: map,
    errors: check.ok ? [] : check.errors.map((e) => ({ column: e.column, message: e.message })),
    missing: check.missing.map((m) => m.column),
  };
}

export function plainTitle(dataSource: Pick<DataSourceObjectResponse, "title">): string {
  return dataSource.title.map((t) => t.plain_text).join("");
}

function candidateOf(dataSource: DataSourceObjectResponse): DatabaseCandidate {
  return {
    dataSourceId: dataSource.id,
    databaseId: dataSource.parent.type === "database_id" ? dataSource.parent.database_id : dataSource.id,
    title: plainTitle(dataSource),
    url: dataSource.url,
  };
}

/**
 * The field map for a data source: defaults, the title column found in the schema, optional columns (Tags, Sync)
 * mapped only when the data source has them, then the caller's choices on top.
 */
export function resolveFieldMap(
  dataSource: DataSourceObjectResponse,
  chosen: Partial<FieldMap> = {},
): FieldMap {
  const defaults = defaultFieldMap();
  const has = (name: string | undefined) => name !== undefined && Object.hasOwn(dataSource.properties, name);
  return {
    ...defaults,
    title: titleColumn(dataSource) ?? defaults.title,
    tags: has(defaults.tags) ? defaults.tags : undefined,
    sync: has(defaults.sync) ? defaults.sync : undefined,
    ...chosen,
  };
}
