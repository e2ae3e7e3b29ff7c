import { describe, expect, it } from "vitest";
import { defaultFieldMap, FIELDS } from "../fields/field-map";
import type { DataSourceSchema } from "../schema/columns";
import { fieldMapFromSchema } from "./schema-field-map";

function schema(columns: Record<string, string>): DataSourceSchema {
  const properties = Object.fromEntries(
    Object.entries(columns).map(([name, type], i) => [name, { id: `p${i}`, name, type }]),
  );
  return { properties } as unknown as DataSourceSchema;
}

const linksyncColumns = Object.fromEntries(FIELDS.map((f) => [f.defaultName, f.type as string]));

describe("fieldMapFromSchema", () => {
  it("maps every column at its default name", () => {
    expect(fieldMapFromSchema(schema(linksyncColumns))).toEqual(defaultFieldMap());
  });

  it("follows renamed required columns by type when one candidate is left, and ignores unrelated columns", () => {
    const { Destination: _d, Name: _n, ...rest } = linksyncColumns;
    const map = fieldMapFromSchema(
      schema({ ...rest, "Landing Page": "url", Campaign: "title", Notes: "rich_text" }),
    );
    expect(map).toMatchObject({
      destination: "Landing Page",
      title: "Campaign",
      shortUrl: "Short URL",
      syncError: "Sync Error",
    });
  });

  it("takes optional columns only at their default name: another select never becomes the Sync gate", () => {
    const { Sync: _s, Tags: _t, ...rest } = linksyncColumns;
    const map = fieldMapFromSchema(schema({ ...rest, Status: "select", Categories: "multi_select" }));
    expect(map).toMatchObject({ sync: "Sync", tags: "Tags" });
  });

  it("refuses to guess between two candidates", () => {
    const { Destination: _d, ...rest } = linksyncColumns;
    expect(() => fieldMapFromSchema(schema({ ...rest, "Landing Page": "url", Website: "url" }))).toThrow(
      /cannot tell which column of this database is Destination.*"Landing Page", "Website"/,
    );
  });
});
