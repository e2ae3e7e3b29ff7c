import { describe, expect, it } from "vitest";
import { customSlugProblem, looksLikeSlug, RANDOM_SLUG_LENGTH, randomSlug, SLUG_ALPHABET } from "./slug";

describe("random slugs", () => {
  it("never use look-alike characters", () => {
    for (const lookAlike of "0Oo1lI") expect(SLUG_ALPHABET).not.toContain(lookAlike);
    const many = Array.from({ length: 2000 }, () => randomSlug()).join("");
    expect(many).toMatch(new RegExp(`^[${SLUG_ALPHABET}]+$`));
  });

  it("are short and not sequential", () => {
    const slugs = Array.from({ length: 1000 }, () => randomSlug());
    expect(new Set(slugs).size).toBe(1000);
    for (const slug of slugs) expect(slug).toHaveLength(RANDOM_SLUG_LENGTH);
  });
});

describe("custom slugs", () => {
  it.each(["spring-sale", "Q3_launch", "a", "x".repeat(64)])("accepts %s", (slug) => {
    expect(customSlugProblem(slug)).toBeNull();
  });

  it.each([
    ["", /1 to 64 characters/],
    ["x".repeat(65), /1 to 64 characters/],
    ["has space", /only contain letters, digits/],
    ["-leading", /start with a letter or digit/],
    ["with/slash", /only contain/],
    ["qr.png", /only contain/],
    ["api", /reserved/],
    ["API", /reserved/],
    ["ready", /reserved/],
    ["metrics", /reserved/],
  ])("refuses %j", (slug, problem) => {
    expect(customSlugProblem(slug)).toMatch(problem);
  });

  it("only paths shaped like a slug are looked up", () => {
    expect(looksLikeSlug("spring-sale")).toBe(true);
    expect(looksLikeSlug("")).toBe(false);
    expect(looksLikeSlug("a/b")).toBe(false);
  });
});
