import type { ColumnIds } from "../fields/column-keys";
import { FIELDS, type FieldMap, type FieldRole } from "../fields/field-map";
import type { DatabaseKey, StateStore } from "../store/state-store";

/** Which Notion column a database reads each role from: the column's name and, where known, its property id. */
export interface RoleColumns {
  readonly fieldMap: FieldMap;
  readonly columnIds: ColumnIds;
}

/**
 * The roles a remap points at another Notion column. Compared by property id where both maps know it, so a column
 * renamed in Notion (same id, new name) is no move; by name otherwise.
 */
export function movedRoles(before: RoleColumns, after: RoleColumns): FieldRole[] {
  return FIELDS.map(({ role }) => role).filter((role) => {
    const [was, is] = [before.columnIds[role], after.columnIds[role]];
    if (was !== undefined && is !== undefined) return was !== is;
    return before.fieldMap[role] !== after.fieldMap[role];
  });
}

/**
 * A moved column changes what every row says, not only the rows edited since the last run, which is all a cycle
 * reads. So the watermark goes and the next run reads every row as a first run does: rows without a short link get
 * one from the new Destination, and every linked row is compared with what Linksync last synced, so its link follows
 * the new column (a row whose new column is empty keeps its link and is reported as having no Destination).
 */
export async function rereadEveryRow(state: StateStore, key: DatabaseKey): Promise<void> {
  await state.updateDatabase(key, { watermark: null });
}
