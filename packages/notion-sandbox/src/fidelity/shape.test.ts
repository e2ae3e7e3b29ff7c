import { describe, expect, it } from "vitest";
import { shapeDifferences } from "./shape";

describe("shapeDifferences", () => {
  it("accepts the same shape with different values", () => {
    expect(shapeDifferences({ a: 1, b: { c: "x" }, d: [1] }, { a: 2, b: { c: "y" }, d: [3, 4] })).toEqual([]);
  });

  it("reports missing keys, extra keys, type changes and nesting changes", () => {
    expect(shapeDifferences({ a: 1, b: null, c: { d: 1 } }, { b: "x", c: 5, e: true })).toEqual([
      "$.a: missing",
      "$.b: expected null, got string",
      "$.c: expected object, got number",
      "$.e: unexpected key",
    ]);
  });

  it("compares array items with the expected item of the same type", () => {
    const expected = [
      { type: "text", text: { content: "a" } },
      { type: "equation", equation: { expression: "x" } },
    ];
    expect(shapeDifferences(expected, [{ type: "equation", equation: { expression: "y" } }])).toEqual([]);
    expect(shapeDifferences(expected, [{ type: "equation", equation: {} }])).toEqual([
      "$[0].equation.expression: missing",
    ]);
  });
});
