import type { ColumnIds } from "../fields/column-keys";
import { FIELDS, type FieldMap, type FieldRole, fieldSpec } from "../fields/field-map";
import { columnState, type DataSourceSchema, roleLabel } from "./columns";

export type { ColumnIds } from "../fields/column-keys";

export type DriftedColumn =
  | { readonly role: FieldRole; readonly column: string; readonly change: "missing" }
  | { readonly role: FieldRole; readonly column: string; readonly change: "retyped"; readonly found: string };

export interface SchemaDrift {
  readonly code: "schema_drift";
  readonly columns: readonly DriftedColumn[];
  /** Names every drifted column and the fix; shown when the database pauses. */
  readonly message: string;
}

/** A mapped column Notion now shows under another name (same property id, same type). */
export interface RenamedColumn {
  readonly role: FieldRole;
  readonly from: string;
  readonly to: string;
}

/** The property id of every mapped column that exists with the right type. */
export function columnIds(schema: DataSourceSchema, fieldMap: FieldMap): ColumnIds {
  const ids: ColumnIds = {};
  for (const spec of FIELDS) {
    const column = fieldMap[spec.role];
    if (column === undefined) continue;
    const state = columnState(schema, column, spec.type);
    if (state.kind === "ok") ids[spec.role] = state.id;
  }
  return ids;
}

/** The column a role is mapped to, found by its recorded property id when there is one, else by name. */
function mappedProperty(schema: DataSourceSchema, role: FieldRole, fieldMap: FieldMap, ids: ColumnIds) {
  const id = ids[role];
  if (id !== undefined) return Object.values(schema.properties).find((p) => p.id === id);
  const name = fieldMap[role];
  return name !== undefined && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
}

/**
 * Whether the schema still carries every mapped column with its type. Columns are found by property id (by name
 * where no id was recorded), so a rename is not drift: the engine addresses columns by id and follows it
 * (`renamedColumns`). A deleted or retyped column pauses the database before a single write; `null` means the
 * schema verifies (and a paused database resumes).
 */
export function detectDrift(
  schema: DataSourceSchema,
  fieldMap: FieldMap,
  ids: ColumnIds = {},
): SchemaDrift | null {
  const columns: DriftedColumn[] = [];
  for (const spec of FIELDS) {
    const column = fieldMap[spec.role];
    if (column === undefined) continue;
    const property = mappedProperty(schema, spec.role, fieldMap, ids);
    // Read as a string: Notion has more property types (button, place, ...) than the SDK's union lists.
    const found: string | undefined = property?.type;
    if (found === undefined) columns.push({ role: spec.role, column, change: "missing" });
    else if (found !== spec.type) columns.push({ role: spec.role, column, change: "retyped", found });
  }
  if (columns.length === 0) return null;
  return { code: "schema_drift", columns, message: `Syncing is paused. ${columns.map(describe).join(" ")}` };
}

/** Mapped columns renamed in Notion since the field map was saved: the field map takes their new names. */
export function renamedColumns(
  schema: DataSourceSchema,
  fieldMap: FieldMap,
  ids: ColumnIds,
): RenamedColumn[] {
  const renamed: RenamedColumn[] = [];
  for (const spec of FIELDS) {
    const from = fieldMap[spec.role];
    if (from === undefined || ids[spec.role] === undefined) continue;
    const property = mappedProperty(schema, spec.role, fieldMap, ids);
    if (property && property.name !== from && fieldSpec(spec.role).type === property.type) {
      renamed.push({ role: spec.role, from, to: property.name });
    }
  }
  return renamed;
}

/** The field map with renamed columns under their new names. */
export function withRenames(fieldMap: FieldMap, renamed: readonly RenamedColumn[]): FieldMap {
  const next: Record<string, string | undefined> = { ...fieldMap };
  for (const { role, to } of renamed) next[role] = to;
  return next as FieldMap;
}

function describe(drift: DriftedColumn): string {
  const what = `The ${roleLabel(drift.role)} column "${drift.column}"`;
  switch (drift.change) {
    case "missing":
      return `${what} was deleted in Notion. Restore it (Notion's trash keeps deleted properties), or update the field map.`;
    case "retyped":
      return `${what} was changed to ${drift.found} in Notion. Change its type back, or update the field map.`;
  }
}
