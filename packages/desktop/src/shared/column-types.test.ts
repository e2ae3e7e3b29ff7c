import { describe, expect, it } from "vitest";
import { plainTypeName } from "./column-types";

describe("column type words", () => {
  it("names Notion's types as Notion's menus do", () => {
    expect(plainTypeName("rich_text")).toBe("Text");
    expect(plainTypeName("url")).toBe("URL");
    expect(plainTypeName("multi_select")).toBe("Multi-select");
  });
  it("still reads for a type it does not know", () => {
    expect(plainTypeName("some_new_type")).toBe("Some new type");
  });
});
