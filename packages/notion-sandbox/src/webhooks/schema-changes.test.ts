import { describe, expect, it } from "vitest";
import type { PropertyConfig } from "../store/types";
import { schemaChanges } from "./schema-changes";

const title: PropertyConfig = { id: "title", name: "Name", description: null, type: "title", title: {} };
const url: PropertyConfig = { id: "a%3Ab", name: "Destination", description: null, type: "url", url: {} };
const tags: PropertyConfig = {
  id: "xyz",
  name: "Tags",
  description: null,
  type: "multi_select",
  multi_select: { options: [] },
};

describe("schemaChanges", () => {
  it("lists created, renamed and deleted properties with Notion's actions", () => {
    const renamed: PropertyConfig = { ...url, name: "Target" };
    expect(schemaChanges([title, url, tags], [title, renamed, { ...tags, id: "new1" }])).toEqual([
      { id: "a%3Ab", name: "Target", action: "updated" },
      { id: "new1", name: "Tags", action: "created" },
      { id: "xyz", name: "Tags", action: "deleted" },
    ]);
  });

  it("is empty when nothing changed", () => {
    expect(schemaChanges([title, url], [title, url])).toEqual([]);
  });
});
