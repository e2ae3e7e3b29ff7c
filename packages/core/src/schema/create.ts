import { FIELDS, type FieldMap } from "../fields/field-map";
import { columnDefinition, type InitialColumnDefinition } from "./column-definitions";
import { type FieldMapError, mappingErrors } from "./validate-field-map";

export const DEFAULT_DATABASE_TITLE = "Linksync Links";

export type CreatePlan =
  | {
      readonly ok: true;
      readonly title: string;
      /** Every mapped column, for `databases.create`'s `initial_data_source.properties`. */
      readonly properties: Readonly<Record<string, InitialColumnDefinition>>;
    }
  | { readonly ok: false; readonly errors: readonly FieldMapError[] };

/** Create mode: a new database with every mapped column (Sync with its Draft / Live / Paused options). */
export function createModeProperties(fieldMap: FieldMap, title = DEFAULT_DATABASE_TITLE): CreatePlan {
  const errors = mappingErrors(fieldMap);
  if (errors.length > 0) return { ok: false, errors };
  const properties: Record<string, InitialColumnDefinition> = {};
  for (const spec of FIELDS) {
    const column = fieldMap[spec.role];
    if (column !== undefined) properties[column] = columnDefinition(spec.type);
  }
  return { ok: true, title: title.trim() || DEFAULT_DATABASE_TITLE, properties };
}
