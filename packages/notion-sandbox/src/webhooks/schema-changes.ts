import type { DataSourceSchemaUpdatedWebhookPayload } from "@notionhq/client";
import type { PropertyConfig } from "../store/types";

export type SchemaChange = NonNullable<
  DataSourceSchemaUpdatedWebhookPayload["data"]["updated_properties"]
>[number];

/** What changed between two versions of a data source's properties, as `data.updated_properties` lists it. */
export function schemaChanges(
  before: readonly PropertyConfig[],
  after: readonly PropertyConfig[],
): SchemaChange[] {
  const old = new Map(before.map((property) => [property.id, property]));
  const next = new Map(after.map((property) => [property.id, property]));
  const changes: SchemaChange[] = [];
  for (const property of after) {
    const previous = old.get(property.id);
    if (!previous) changes.push({ id: property.id, name: property.name, action: "created" });
    else if (JSON.stringify(previous) !== JSON.stringify(property)) {
      changes.push({ id: property.id, name: property.name, action: "updated" });
    }
  }
  for (const property of before) {
    if (!next.has(property.id)) changes.push({ id: property.id, name: property.name, action: "deleted" });
  }
  return changes;
}
