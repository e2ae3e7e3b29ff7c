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
