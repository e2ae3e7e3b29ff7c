import { FIELDS, type FieldMap, type FieldRole } from "../fields/field-map";
import { columnState, type DataSourceSchema, roleLabel } from "./columns";

/** Property ids by role, recorded when the map was saved, so a rename can be told apart from a deletion. */
export type ColumnIds = Partial<Record<FieldRole, string>>;

export type DriftedColumn =
  | {
      readonly role: FieldRole;
      readonly column: string;
      readonly change: "renamed";
      readonly renamedTo: string;
    }
  | { readonly role: FieldRole; readonly column: string; readonly change: "missing" }
  | { readonly role: FieldRole; readonly column: string; readonly change: "retyped"; readonly found: string };

export interface SchemaDrift {
  readonly code: "schema_drift";
  readonly columns: readonly DriftedColumn[];
  /** Names every drifted column and the fix; shown when the database pauses. */
  readonly message: string;
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

/**
 * Whether the schema still matches a saved field map. Checked before every cycle: any drift pauses the database
 * before a single write, so nothing is half-written; `null` means the schema verifies (and a paused database resumes).
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
    const state = columnState(schema, column, spec.type);
    if (state.kind === "wrong_type") {
      columns.push({ role: spec.role, column, change: "retyped", found: state.found });
    } else if (state.kind === "missing") {
      const renamedTo = Object.values(schema.properties).find((p) => p.id === ids[spec.role])?.name;
      columns.push(
        renamedTo === undefined
          ? { role: spec.role, column, change: "missing" }
          : { role: spec.role, column, change: "renamed", renamedTo },
      );
    }
  }
  if (columns.length === 0) return null;
  return { code: "schema_drift", columns, message: `Syncing is paused. ${columns.map(describe).join(" ")}` };
}

function describe(drift: DriftedColumn): string {
  const what = `The ${roleLabel(drift.role)} column "${drift.column}"`;
  switch (drift.change) {
    case "renamed":
      return `${what} was renamed to "${drift.renamedTo}" in Notion. Rename it back, or map "${drift.renamedTo}" in the field map.`;
    case "missing":
      return `${what} was renamed or deleted in Notion. Rename it back or restore it, or update the field map.`;
    case "retyped":
      return `${what} was changed to ${drift.found} in Notion. Change its type back, or update the field map.`;
  }
}
