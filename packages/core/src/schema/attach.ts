import type { FieldMap } from "../fields/field-map";
import { type AddedColumnDefinition, columnDefinition } from "./column-definitions";
import type { DataSourceSchema } from "./columns";
import { type FieldMapError, type MissingColumn, validateFieldMap } from "./validate-field-map";

export type AttachPlan =
  | {
      readonly ok: true;
      /** Exactly the columns to add with `dataSources.update` (empty when none is missing). */
      readonly properties: Readonly<Record<string, AddedColumnDefinition>>;
      readonly missing: readonly MissingColumn[];
    }
  | { readonly ok: false; readonly errors: readonly FieldMapError[] };

/**
 * Attach mode: the Linksync columns to create in an existing data source, on the user's consent. Only missing
 * Linksync-owned columns are added; a user's column is never renamed, retyped or deleted.
 */
export function planAttach(schema: DataSourceSchema, fieldMap: FieldMap): AttachPlan {
  const check = validateFieldMap(schema, fieldMap);
  if (!check.ok) return { ok: false, errors: check.errors };
  const properties = Object.fromEntries(check.missing.map((m) => [m.column, columnDefinition(m.type)]));
  return { ok: true, properties, missing: check.missing };
}
