import { describe, expect, it } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import { columnIds, detectDrift, renamedColumns, withRenames } from "./drift";
import { LINKSYNC_COLUMNS, schemaWith } from "./fixtures/schema-with";

const columns = {
  Name: "title",
  Destination: "url",
  Tags: "multi_select",
  Sync: "select",
  ...LINKSYNC_COLUMNS,
};

/** Renames a column in place, keeping its id. */
function renamed(from: string, to: string) {
  const schema = schemaWith(columns);
  const property = schema.properties[from];
  if (!property) throw new Error(`no ${from}`);
  const { [from]: _, ...rest } = schema.properties;
  return { properties: { ...rest, [to]: { ...property, name: to } } };
}

describe("detectDrift", () => {
  const fieldMap = defaultFieldMap();
  const ids = columnIds(schemaWith(columns), fieldMap);

  it("finds no drift when the schema verifies", () => {
    expect(detectDrift(schemaWith(columns), fieldMap, ids)).toBeNull();
    expect(Object.keys(ids)).toHaveLength(13);
  });

  it("follows a column renamed in Notion: no drift, and the field map takes the new name", () => {
    const schema = renamed("Destination", "Target");
    expect(detectDrift(schema, fieldMap, ids)).toBeNull();
    const renames = renamedColumns(schema, fieldMap, ids);
    expect(renames).toEqual([{ role: "destination", from: "Destination", to: "Target" }]);
    expect(withRenames(fieldMap, renames).destination).toBe("Target");
    expect(renamedColumns(schemaWith(columns), fieldMap, ids)).toEqual([]);
  });

  it("finds a renamed column by name when no id was recorded", () => {
    expect(detectDrift(renamed("Destination", "Target"), fieldMap)).toMatchObject({
      columns: [{ role: "destination", change: "missing" }],
    });
  });

  it("names a deleted column", () => {
    const { "Short URL": _, ...rest } = columns;
    expect(detectDrift(schemaWith(rest), fieldMap, ids)).toMatchObject({
      columns: [{ role: "shortUrl", column: "Short URL", change: "missing" }],
      message: expect.stringContaining('The Short URL column "Short URL" was deleted in Notion.'),
    });
  });

  it("names a retyped column", () => {
    expect(detectDrift(schemaWith({ ...columns, Clicks: "rich_text" }), fieldMap, ids)).toMatchObject({
      columns: [{ role: "clicks", change: "retyped", found: "rich_text" }],
      message: expect.stringContaining('The Clicks column "Clicks" was changed to rich_text in Notion.'),
    });
  });

  it("reports every drifted column at once", () => {
    const { Tags: _, ...rest } = columns;
    const drift = detectDrift(schemaWith({ ...rest, Destination: "rich_text" }), fieldMap, ids);
    expect(drift?.columns.map((c) => c.role)).toEqual(["destination", "tags"]);
  });

  it("ignores unmapped optional columns and columns Linksync does not map", () => {
    const { Tags: _, Sync: __, ...rest } = columns;
    const schema = schemaWith({ ...rest, Notes: "rich_text" });
    expect(detectDrift(schema, { ...fieldMap, tags: undefined, sync: undefined })).toBeNull();
  });

  it("verifies again once a deleted column is back", () => {
    const { "Short URL": _, ...rest } = columns;
    expect(detectDrift(schemaWith(rest), fieldMap, ids)).not.toBeNull();
    expect(detectDrift(schemaWith(columns), fieldMap, ids)).toBeNull();
  });
});
