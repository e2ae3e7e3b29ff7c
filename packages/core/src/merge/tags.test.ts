import { describe, expect, it } from "vitest";
import { mergeTags } from "./tags";

describe("mergeTags: (N ∪ P) minus tags in B missing from N or P", () => {
  it.each([
    // [base, notion, link, result, writeNotion, writeLink]
    ["nothing changed", ["a", "b"], ["a", "b"], ["a", "b"], ["a", "b"], false, false],
    ["added in Notion", ["a"], ["a", "n"], ["a"], ["a", "n"], false, true],
    ["added on the link", ["a"], ["a"], ["a", "p"], ["a", "p"], true, false],
    ["added on both sides", ["a"], ["a", "n"], ["a", "p"], ["a", "n", "p"], true, true],
    ["same tag added on both sides", ["a"], ["a", "x"], ["a", "x"], ["a", "x"], false, false],
    ["removed in Notion", ["a", "b"], ["a"], ["a", "b"], ["a"], false, true],
    ["removed on the link", ["a", "b"], ["a", "b"], ["a"], ["a"], true, false],
    ["removed on both sides", ["a", "b"], ["a"], ["a"], ["a"], false, false],
    ["removed on one side, added on the other", ["a", "b"], ["a", "n"], ["a", "b"], ["a", "n"], false, true],
    ["everything removed in Notion", ["a", "b"], [], ["a", "b"], [], false, true],
    ["reordered and added in Notion", ["a", "b"], ["b", "a", "n"], ["a", "b"], ["b", "a", "n"], false, true],
    ["a tag outside the base is never removed", ["a"], ["z"], ["a", "z"], ["z"], false, true],
  ] as const)("%s", (_, base, notion, link, result, writeNotion, writeLink) => {
    expect(mergeTags({ base, notion, link })).toEqual({ result, writeNotion, writeLink });
  });

  it("unions when the base is unknown and removes nothing", () => {
    expect(mergeTags({ base: null, notion: ["a", "b"], link: ["c", "a"] })).toEqual({
      result: ["a", "b", "c"],
      writeNotion: true,
      writeLink: true,
    });
  });

  it("ignores order and duplicates when deciding what to write", () => {
    expect(mergeTags({ base: ["a", "b"], notion: ["b", "a"], link: ["a", "b", "a"] })).toEqual({
      result: ["b", "a"],
      writeNotion: false,
      writeLink: false,
    });
  });

  it("is stable: merging the result again writes nothing", () => {
    const first = mergeTags({ base: ["a", "b"], notion: ["a", "n"], link: ["b", "p"] });
    expect(first.result).toEqual(["n", "p"]);
    expect(mergeTags({ base: first.result, notion: first.result, link: first.result })).toMatchObject({
      writeNotion: false,
      writeLink: false,
    });
  });
});
