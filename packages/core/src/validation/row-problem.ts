import type { FieldRole } from "../fields/field-map";

/** Why a row (or one of its values) cannot be synced as it is. Written to the row's Sync Error and logged. */
export type RowProblemCode =
  | "destination_missing"
  | "destination_not_absolute"
  | "destination_unsafe_scheme"
  | "destination_unsupported_scheme"
  | "destination_credentials"
  | "destination_too_long"
  | "tag_empty"
  | "tag_comma"
  | "tag_too_long"
  | "too_many_tags"
  | "text_too_long"
  | "sync_unknown"
  | "value_malformed"
  | "column_missing"
  | "link_not_found"
  /** Notion refused the row's write (a value it rejects, the row trashed or deleted meanwhile). */
  | "notion_refused";

export interface RowProblem {
  readonly code: RowProblemCode;
  /** The column concerned. */
  readonly column: FieldRole;
  /** One sentence a marketer can act on. Never holds a secret (credentials in a URL are not echoed). */
  readonly message: string;
}
