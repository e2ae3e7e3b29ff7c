import type { FieldMap, FieldRole } from "@linksync/core";

/** A field the user points at another Notion column on the edit page. */
export interface MovedColumn {
  readonly role: FieldRole;
  /** The field's name as the screens show it ("Destination"). */
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * The fields whose column a remap changes, in the order the fields are listed. Saving such a map makes the agent
 * read every row again (core's `movedRoles`), which the edit page says before the user saves.
 */
export function movedColumns(
  saved: Partial<FieldMap> | null | undefined,
  chosen: Partial<FieldMap>,
  fields: readonly { readonly role: FieldRole; readonly defaultName: string }[],
): MovedColumn[] {
  return fields
    .filter(({ role }) => (saved?.[role] ?? null) !== (chosen[role] ?? null))
    .map(({ role, defaultName }) => ({
      role,
      field: defaultName,
      from: saved?.[role] ?? null,
      to: chosen[role] ?? null,
    }));
}
