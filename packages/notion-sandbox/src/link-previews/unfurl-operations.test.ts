import { describe, expect, it } from "vitest";
import { applyOperations } from "./unfurl-operations";

const title = {
  id: "title",
  name: "Title",
  type: "inline",
  inline: { title: { value: "Spring", section: "title" } },
};
const dev = {
  id: "dev",
  name: "Developer Name",
  type: "inline",
  inline: { plain_text: { value: "Linksync", section: "secondary" } },
};
const empty = { attributes: [], error: null };

describe("applyOperations", () => {
  it("sets attributes and clears an earlier error", () => {
    const withError = { attributes: [title, dev], error: { status: 404, message: "gone" } };
    expect(applyOperations(withError, [{ path: ["attributes"], set: [title, dev] }])).toEqual({
      attributes: [title, dev],
      error: null,
    });
  });

  it("keeps attributes when only an error is set", () => {
    const state = applyOperations({ attributes: [title, dev], error: null }, [
      { path: ["error"], set: { status: 404, message: "Content not found" } },
    ]);
    expect(state).toEqual({ attributes: [title, dev], error: { status: 404, message: "Content not found" } });
  });

  it("requires the title and dev attributes and known paths", () => {
    expect(() => applyOperations(empty, [{ path: ["attributes"], set: [title] }])).toThrow(/"dev"/);
    expect(() => applyOperations(empty, [{ path: ["other"], set: [] }])).toThrow(/path should be/);
    expect(() => applyOperations(empty, [])).toThrow(/non-empty/);
  });
});
