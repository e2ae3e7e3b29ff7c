import type { CreateDatabaseParameters, UpdateDataSourceParameters } from "@notionhq/client";
import type { NotionPropertyType } from "../fields/field-map";

/** A property definition for `dataSources.update` (attach mode). */
export type AddedColumnDefinition = NonNullable<
  NonNullable<UpdateDataSourceParameters["properties"]>[string]
>;
/** A property definition for `databases.create`'s initial data source (create mode). */
export type InitialColumnDefinition = NonNullable<
  NonNullable<CreateDatabaseParameters["initial_data_source"]>["properties"]
>[string];

/** Sync's options, in the order a row moves through them. */
export const SYNC_OPTIONS = [
  { name: "Draft", color: "gray" },
  { name: "Live", color: "green" },
  { name: "Paused", color: "yellow" },
] as const;

/** Definitions valid for both attach and create mode, one per property type Linksync uses. */
const DEFINITIONS = {
  title: { title: {} },
  url: { url: {} },
  multi_select: { multi_select: { options: [] } },
  number: { number: { format: "number" } },
  files: { files: {} },
  date: { date: {} },
  select: { select: { options: SYNC_OPTIONS.map((o) => ({ ...o })) } },
  rich_text: { rich_text: {} },
} as const satisfies { readonly [T in NotionPropertyType]: AddedColumnDefinition & InitialColumnDefinition };

export function columnDefinition(type: NotionPropertyType): AddedColumnDefinition & InitialColumnDefinition {
  return structuredClone(DEFINITIONS[type]);
}
