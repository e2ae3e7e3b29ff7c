import { describe, expect, it } from "vitest";
import { notionPageIdFrom } from "./notion-page-id";

const ID = "1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b";

describe("Notion page id from what a user pastes", () => {
  it("reads a page link with a title slug and query", () => {
    expect(
      notionPageIdFrom("https://www.notion.so/acme/Marketing-HQ-1f2e3d4c5b6a47898a9b0c1d2e3f4a5b?pvs=4"),
    ).toBe(ID);
  });
  it("reads a bare id and a dashed UUID", () => {
    expect(notionPageIdFrom("1f2e3d4c5b6a47898a9b0c1d2e3f4a5b")).toBe(ID);
    expect(notionPageIdFrom(` ${ID.toUpperCase()} `)).toBe(ID);
  });
  it("finds nothing in text without an id", () => {
    expect(notionPageIdFrom("Marketing HQ")).toBeNull();
    expect(notionPageIdFrom("https://www.notion.so/")).toBeNull();
  });
});
