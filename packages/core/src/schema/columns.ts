import type { DataSourceObjectResponse } from "@notionhq/client";
import { type FieldRole, fieldSpec, type NotionPropertyType } from "../fields/field-map";

/** The part of a data source the schema rules read: its columns by name. */
export type DataSourceSchema = Pick<DataSourceObjectResponse, "properties">;

/** How a column looks in the data source, compared with what its role needs. */
export type ColumnState =
  | { readonly kind: "ok"; readonly id: string }
  | { readonly kind: "missing" }
  | { readonly kind: "wrong_type"; readonly id: string; readonly found: string };

/** `key` is a column's property id (how the engine addresses columns) or its name. */
export function columnState(schema: DataSourceSchema, key: string, type: NotionPropertyType): ColumnState {
  const property =
    Object.values(schema.properties).find((p) => p.id === key) ??
    (Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined);
  if (!property) return { kind: "missing" };
  // Read as a string: Notion has more property types (button, place, ...) than the SDK's union lists.
  const found: string = property.type;
  return found === type ? { kind: "ok", id: property.id } : { kind: "wrong_type", id: property.id, found };
}

/** The name of the data source's title column (every data source has exactly one). */
export function titleColumn(schema: DataSourceSchema): string | null {
  return Object.values(schema.properties).find((p) => p.type === "title")?.name ?? null;
}

/** How a role is named to a user. */
export function roleLabel(role: FieldRole): string {
  return role === "title" ? "Title" : fieldSpec(role).defaultName;
}

const TYPE_LABELS: { readonly [T in NotionPropertyType]: string } = {
  title: "a Title",
  url: "a URL",
  multi_select: "a Multi-select",
  number: "a Number",
  files: "a Files & media",
  date: "a Date",
  select: "a Select",
  rich_text: "a Text",
};

/** "a URL", "a Multi-select": how Notion's UI names a property type. */
export function typeLabel(type: NotionPropertyType): string {
  return TYPE_LABELS[type];
}
