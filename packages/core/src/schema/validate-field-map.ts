import { FIELDS, type FieldMap, type FieldRole, type NotionPropertyType } from "../fields/field-map";
import { columnState, type DataSourceSchema, roleLabel, titleColumn, typeLabel } from "./columns";

export type FieldMapErrorCode =
  | "unmapped"
  | "duplicate_mapping"
  | "wrong_type"
  | "missing_column"
  | "not_the_title";

/** A field map Linksync refuses to save: names the column and the fix. */
export interface FieldMapError {
  readonly code: FieldMapErrorCode;
  readonly role: FieldRole;
  /** The column name as mapped ("" when unmapped). */
  readonly column: string;
  readonly message: string;
}

/** A Linksync column absent from the data source: not an error, attach mode offers to create it. */
export interface MissingColumn {
  readonly role: FieldRole;
  readonly column: string;
  readonly type: NotionPropertyType;
  /** What consenting will do, for the connect screen. */
  readonly message: string;
}

export type FieldMapCheck =
  | { readonly ok: true; readonly missing: readonly MissingColumn[] }
  | {
      readonly ok: false;
      readonly errors: readonly FieldMapError[];
      readonly missing: readonly MissingColumn[];
    };

/** Checks a field map against a data source's schema before it is saved. */
export function validateFieldMap(schema: DataSourceSchema, fieldMap: FieldMap): FieldMapCheck {
  const errors: FieldMapError[] = [...mappingErrors(fieldMap)];
  const missing: MissingColumn[] = [];
  for (const spec of FIELDS) {
    const column = fieldMap[spec.role];
    if (column === undefined || column.trim() === "") continue;
    const state = columnState(schema, column, spec.type);
    if (state.kind === "ok") continue;
    if (spec.role === "title") {
      errors.push(notTheTitle(column, titleColumn(schema)));
    } else if (state.kind === "wrong_type") {
      errors.push({
        code: "wrong_type",
        role: spec.role,
        column,
        message: `${roleLabel(spec.role)} must be ${typeLabel(spec.type)} property ("${column}" is ${state.found}). Change its type in Notion, or map another column.`,
      });
    } else if (spec.owner === "linksync") {
      missing.push({
        role: spec.role,
        column,
        type: spec.type,
        message: `Linksync will add ${typeLabel(spec.type)} column "${column}" (${spec.purpose.replace(/\.$/, "").toLowerCase()}).`,
      });
    } else {
      errors.push({
        code: "missing_column",
        role: spec.role,
        column,
        message: `${roleLabel(spec.role)} is mapped to "${column}", which does not exist in this database. Create ${typeLabel(spec.type)} property named "${column}" in Notion, or map another column.`,
      });
    }
  }
  return errors.length === 0 ? { ok: true, missing } : { ok: false, errors, missing };
}

/** Errors in the map itself, whatever the schema: a required role left unmapped, two roles on one column. */
export function mappingErrors(fieldMap: FieldMap): FieldMapError[] {
  const errors: FieldMapError[] = [];
  const roleByColumn = new Map<string, FieldRole>();
  for (const spec of FIELDS) {
    const column = fieldMap[spec.role];
    if (column === undefined || column.trim() === "") {
      if (spec.required) {
        errors.push({
          code: "unmapped",
          role: spec.role,
          column: "",
          message: `${roleLabel(spec.role)} is not mapped. Pick the column for it (${spec.purpose.replace(/\.$/, "").toLowerCase()}).`,
        });
      }
      continue;
    }
    const other = roleByColumn.get(column);
    if (other) {
      errors.push({
        code: "duplicate_mapping",
        role: spec.role,
        column,
        message: `${roleLabel(other)} and ${roleLabel(spec.role)} are both mapped to "${column}". Map each to its own column.`,
      });
    } else {
      roleByColumn.set(column, spec.role);
    }
  }
  return errors;
}

function notTheTitle(column: string, title: string | null): FieldMapError {
  const fix = title
    ? `Map "${title}" instead.`
    : "This data source has no title column; pick another database.";
  return {
    code: "not_the_title",
    role: "title",
    column,
    message: `Title must be the database's title column, and "${column}" is not it. ${fix}`,
  };
}
