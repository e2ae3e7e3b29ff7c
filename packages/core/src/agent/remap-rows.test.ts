import { describe, expect, it } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import { movedRoles } from "./remap-rows";

const fieldMap = defaultFieldMap();

describe("movedRoles", () => {
  it("names a role pointed at another column", () => {
    const before = { fieldMap, columnIds: { destination: "a", title: "title" } };
    const after = {
      fieldMap: { ...fieldMap, destination: "Landing page" },
      columnIds: { destination: "b", title: "title" },
    };
    expect(movedRoles(before, after)).toEqual(["destination"]);
  });

  it("sees no move in a column Notion renamed (same property id) or in a map saved unchanged", () => {
    const before = { fieldMap, columnIds: { destination: "a" } };
    const renamed = { fieldMap: { ...fieldMap, destination: "Website" }, columnIds: { destination: "a" } };
    expect(movedRoles(before, renamed)).toEqual([]);
    expect(movedRoles(before, before)).toEqual([]);
  });

  it("compares names where a property id is not known", () => {
    const before = { fieldMap, columnIds: {} };
    expect(movedRoles(before, { fieldMap: { ...fieldMap, tags: "Labels" }, columnIds: {} })).toEqual([
      "tags",
    ]);
  });
});
