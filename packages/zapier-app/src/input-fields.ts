import { defineInputField } from "zapier-platform-core";

/** The Notion database every step works in, picked from the hidden Database List trigger. */
export const databaseField = defineInputField({
  key: "dataSourceId",
  label: "Database",
  type: "string",
  required: true,
  dynamic: "database_list.id.name",
  altersDynamicFields: true,
  helpText:
    "The Notion database Linksync keeps in sync with your short links. It must be attached in the [Linksync app](https://github.com/linksync/linksync#connect-a-database) first, and shared with the Linksync integration in Notion.",
});

export function inputText(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

/** Tags arrive as a list field, or as one comma-separated string when mapped from plain text. */
export function tagsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : inputText(value).split(",");
  return items.map((tag) => inputText(tag).trim()).filter((tag) => tag !== "");
}

/**
 * The short link to act on, picked from the chosen database's links or mapped from an earlier step (a Find Link
 * result, a trigger's Link ID).
 */
export const linkField = defineInputField({
  key: "linkId",
  label: "Link",
  type: "string",
  required: true,
  dynamic: "new_short_link.id.title",
  search: "find_link.id",
  helpText:
    "The short link. Pick it from the database chosen above, or map a Link ID from an earlier step (Find Link gives one).",
});

/** Only feeds the Link dropdown: the step itself finds the row through the link. */
export const linkDatabaseField = defineInputField({
  ...databaseField,
  required: false,
  helpText:
    "The Notion database to pick the link from in the Link dropdown. Not needed when you map a Link ID from an earlier step.",
});
