import { describe, expect, it } from "vitest";
import { notionId } from "./notion-reference";

const id = "1a2b3c4d5e6f708192a3b4c5d6e7f809";

describe("notionId", () => {
  it.each([
    [id, id],
    ["1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809", id],
    [`https://www.notion.so/acme/Spring-Campaign-${id}?v=0f1e2d3c4b5a69788796a5b4c3d2e1f0`, id],
    [`https://www.notion.so/acme/Cafe-${id}`, id],
    [`https://www.notion.so/${id.toUpperCase()}#top`, id],
  ])("reads the id in %s", (reference, expected) => {
    expect(notionId(reference)).toBe(expected);
  });

  it("passes anything else through for Notion to refuse with its own message", () => {
    expect(notionId(" spring-campaign ")).toBe("spring-campaign");
  });
});
