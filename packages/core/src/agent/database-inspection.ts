import { type DataSourceObjectResponse, isFullDataSource } from "@notionhq/client";
import { defaultFieldMap, FIELDS, type FieldMap, type FieldRole } from "../fields/field-map";
import type { NotionGateway } from "../notion/gateway";
import { columnDefinition } from "../schema/column-definitions";
import { titleColumn } from "../schema/columns";
import { validateFieldMap } from "../schema/validate-field-map";
import type { DatabaseCandidate, FieldMapReport } from "./agent-api";
import { AgentError } from "./agent-error";

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
  return reportOf(dataSource, dataSourceId, fieldMap);
}

/**
 * Adds an empty column for `role` (a database without a Destination column, say), named after the role or, when a
 * column of another type holds that name, "Destination URL", "Destination 2"…; the report maps the role to it.
 */
export async function addRoleColumn(
  gateway: NotionGateway,
  dataSourceId: string,
  role: FieldRole,
  fieldMap: Partial<FieldMap> = {},
): Promise<FieldMapReport> {
  const spec = FIELDS.find((field) => field.role === role);
  if (!spec || spec.type === "title") {
    throw new AgentError(
      "field_map_invalid",
      "Every Notion database has its title column already; map it instead.",
    );
  }
  const before = await gateway.retrieveDataSource(dataSourceId, { priority: "interactive" });
  const taken = new Set(Object.keys(before.properties));
  const names = [
    spec.defaultName,
    `${spec.defaultName} URL`,
    ...[2, 3, 4, 5].map((n) => `${spec.defaultName} ${n}`),
  ];
  const name = names.find((candidate) => !taken.has(candidate));
  if (!name)
    throw new AgentError("field_map_invalid", `Rename a "${spec.defaultName}" column in Notion first.`);
  const after = await gateway.updateDataSource(
    { data_source_id: dataSourceId, properties: { [name]: columnDefinition(spec.type) } },
    { priority: "interactive" },
  );
  return reportOf(after, dataSourceId, { ...fieldMap, [role]: name });
}

function reportOf(
  dataSource: DataSourceObjectResponse,
  dataSourceId: string,
  fieldMap: Partial<FieldMap> | undefined,
): FieldMapReport {
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
