import type { ColumnIds } from "../fields/column-keys";
import { FIELDS, type FieldMap, type FieldRole } from "../fields/field-map";
import type { DataSourceSchema } from "../schema/columns";
import { callOptions, type OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";

/**
 * A database's field map read from Notion itself, for clients that keep no state (Zapier): each role's column is
 * found in the data source's schema, so a column renamed in Notion is still found. A column at its default name and
 * of its role's type is that role's; a required role whose default name is gone takes the one column of its type
 * that no other role claims (the title role always finds the data source's one title column). When several columns
 * could be the renamed one, the map says so instead of guessing. Optional roles (Tags, Sync) are only taken at
 * their default name: any other select would turn into a Sync gate. Roles found nowhere keep their default name, so
 * the operation's own schema check names what is missing.
 */
export function fieldMapFromSchema(schema: DataSourceSchema): FieldMap {
  const properties = Object.values(schema.properties);
  const claimed = new Set<string>();
  const map: Partial<Record<FieldRole, string>> = {};
  for (const { role, defaultName, type } of FIELDS) {
    const atDefault = properties.find((p) => p.name === defaultName && p.type === type);
    if (atDefault) {
      map[role] = atDefault.name;
      claimed.add(atDefault.id);
    }
  }
  const defaultNames = new Set(FIELDS.map((f) => f.defaultName));
  for (const { role, defaultName, type, required } of FIELDS) {
    if (map[role] !== undefined) continue;
    const candidates = required
      ? properties.filter((p) => p.type === type && !claimed.has(p.id) && !defaultNames.has(p.name))
      : [];
    if (candidates.length === 1) {
      map[role] = candidates[0]!.name;
      claimed.add(candidates[0]!.id);
    } else if (candidates.length > 1) {
      const names = candidates.map((p) => `"${p.name}"`).join(", ");
      throw new OperationError(
        "database_not_mapped",
        `Linksync cannot tell which column of this database is ${defaultName}: it has no column named "${defaultName}", and ${names} could each be it. Rename that column back to "${defaultName}" in Notion, or change the type of the others.`,
        { column: defaultName },
      );
    } else {
      map[role] = defaultName;
    }
  }
  return map as FieldMap;
}

/** The property id of each role's column, where the schema has it. */
export function columnIdsOf(schema: DataSourceSchema, fieldMap: FieldMap): ColumnIds {
  const ids: Partial<Record<FieldRole, string>> = {};
  for (const { role } of FIELDS) {
    const name = fieldMap[role];
    const property =
      name !== undefined && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (property) ids[role] = property.id;
  }
  return ids;
}

/** The context with the field map of one data source, read from its schema (one request). */
export async function withSchemaFieldMap<Ctx extends OperationContext<"retrieveDataSource">>(
  ctx: Ctx,
  dataSourceId: string,
): Promise<Ctx> {
  const dataSource = await ctx.notion.retrieveDataSource(dataSourceId, callOptions(ctx));
  const fieldMap = fieldMapFromSchema(dataSource);
  return { ...ctx, fieldMap, columnIds: columnIdsOf(dataSource, fieldMap) };
}
