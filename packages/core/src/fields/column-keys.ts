import { FIELDS, type FieldMap, type FieldRole } from "./field-map";

/** Property ids by role, recorded when the field map was saved (and kept as Notion reports them). */
export type ColumnIds = Partial<Record<FieldRole, string>>;

/**
 * The field map as the engine addresses Notion: each mapped column by its property id where known, by name
 * otherwise. Notion accepts ids wherever it accepts names (filters, sorts, page properties, `filter_properties`),
 * and an id survives a rename, so a column renamed in Notion keeps syncing.
 */
export function columnKeys(fieldMap: FieldMap, ids: ColumnIds): FieldMap {
  const keys: Record<string, string | undefined> = {};
  for (const { role } of FIELDS) {
    const name = fieldMap[role];
    keys[role] = name === undefined ? undefined : (ids[role] ?? name);
  }
  return keys as FieldMap;
}

/** The keys of every mapped column: what a query or page read asks Notion for (`filter_properties`). */
export function mappedKeys(keys: FieldMap): string[] {
  return FIELDS.map(({ role }) => keys[role]).filter((key): key is string => key !== undefined);
}
