import type { StoredValues } from "../store/types";

/** What filters and sorts look at: a page's values as visible to queries, and its timestamps (minute-rounded). */
export interface QueryRow {
  values: StoredValues;
  createdTime: number;
  lastEditedTime: number;
}

export type RowPredicate = (row: QueryRow) => boolean;
