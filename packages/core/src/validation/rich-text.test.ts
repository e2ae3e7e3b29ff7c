import { describe, expect, it } from "vitest";
import { checkRichTextLength, RICH_TEXT_PART_LIMIT, splitRichText } from "./rich-text";

describe("splitRichText", () => {
  it("returns no parts for empty text and one part for short text", () => {
    expect(splitRichText("")).toEqual([]);
    expect(splitRichText("hello")).toEqual(["hello"]);
  });

  it("splits at 2,000 characters and joins back to the original", () => {
    const text = "a".repeat(4500);
    const parts = splitRichText(text);
    expect(parts.map((p) => p.length)).toEqual([2000, 2000, 500]);
    expect(parts.join("")).toBe(text);
  });

  it("never cuts an emoji in two at a boundary", () => {
    const text = `${"a".repeat(RICH_TEXT_PART_LIMIT - 1)}😀tail`;
    const parts = splitRichText(text);
    expect(parts[0]).toHaveLength(RICH_TEXT_PART_LIMIT - 1);
    expect(parts[1]?.startsWith("😀")).toBe(true);
    expect(parts.join("")).toBe(text);
  });
});

describe("checkRichTextLength", () => {
  it("accepts up to 100 parts and refuses more", () => {
    expect(checkRichTextLength("syncError", "a".repeat(200_000))).toBeNull();
    expect(checkRichTextLength("syncError", "a".repeat(200_001))).toMatchObject({
      code: "text_too_long",
      column: "syncError",
    });
  });
});
