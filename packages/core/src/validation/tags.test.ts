import { describe, expect, it } from "vitest";
import { checkTags } from "./tags";

describe("checkTags", () => {
  it("keeps acceptable tags in order without duplicates", () => {
    expect(checkTags(["spring", "launch", "spring"])).toEqual({
      accepted: ["spring", "launch"],
      refused: [],
    });
  });

  it.each([
    ["a,b", "tag_comma"],
    ["x".repeat(101), "tag_too_long"],
    ["  ", "tag_empty"],
  ])("reports %j as %s instead of dropping it", (tag, code) => {
    const check = checkTags(["ok", tag]);
    expect(check.accepted).toEqual(["ok"]);
    expect(check.refused).toHaveLength(1);
    expect(check.refused[0]?.tag).toBe(tag);
    expect(check.refused[0]?.problem).toMatchObject({ code, column: "tags" });
    expect(check.refused[0]?.problem.message.length).toBeGreaterThan(20);
  });

  it("accepts a tag of exactly 100 characters", () => {
    expect(checkTags(["x".repeat(100)]).refused).toEqual([]);
  });
});
