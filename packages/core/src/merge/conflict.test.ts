import { describe, expect, it } from "vitest";
import { formatConflictComment, parseConflictComment } from "./conflict-comment";
import { conflictId, isConflictId } from "./conflict-id";

const facts = {
  pageId: "38c9ce7b-60a4-8168-ae4b-dee385a036ec",
  base: "https://o.example",
  kept: "https://a.example",
  dropped: "https://b.example",
};

describe("conflictId", () => {
  it("is the same for the same conflict, whoever computes it and however the page id is written", () => {
    const id = conflictId(facts);
    expect(isConflictId(id)).toBe(true);
    expect(conflictId({ ...facts })).toBe(id);
    expect(conflictId({ ...facts, pageId: "38C9CE7B60A48168AE4BDEE385A036EC" })).toBe(id);
  });

  it.each([
    ["page", { pageId: "other" }],
    ["base", { base: null }],
    ["kept value", { kept: "https://c.example" }],
    ["dropped value", { dropped: "https://c.example" }],
  ])("changes with the %s", (_, change) => {
    expect(conflictId({ ...facts, ...change })).not.toBe(conflictId(facts));
  });

  it("does not confuse kept and dropped", () => {
    expect(conflictId({ ...facts, kept: facts.dropped, dropped: facts.kept })).not.toBe(conflictId(facts));
  });
});

describe("conflict comment", () => {
  const comment = {
    conflictId: "c_1a2b3c4d5e6f",
    at: "2026-11-22T14:02:30.412Z",
    kept: "https://a.example",
    dropped: "https://b.example",
    droppedSource: "zapier" as const,
  };

  it("reads like the contract's example and carries its ref", () => {
    expect(formatConflictComment(comment)).toBe(
      "Destination conflict at 14:02:30 UTC: kept Notion value https://a.example, dropped https://b.example (from Zapier). ref c_1a2b3c4d5e6f",
    );
  });

  it.each([
    "zapier",
    "desktop",
    "shortener-api",
    "shortener-ui",
    "linksync",
    "unknown",
  ] as const)("parses back what it wrote (dropped from %s)", (droppedSource) => {
    expect(parseConflictComment(formatConflictComment({ ...comment, droppedSource }))).toEqual({
      conflictId: "c_1a2b3c4d5e6f",
      time: "14:02:30",
      kept: "https://a.example",
      dropped: "https://b.example",
      droppedSource,
    });
  });

  it("parses URLs holding commas and parentheses", () => {
    const odd = { ...comment, kept: "https://a.example/x,y", dropped: "https://b.example/(1)?q=a,b" };
    expect(parseConflictComment(formatConflictComment(odd))).toMatchObject({
      kept: odd.kept,
      dropped: odd.dropped,
    });
  });

  it.each([
    "Great campaign!",
    "Destination conflict at 14:02:30 UTC: kept Notion value https://a.example, dropped https://b.example (from Zapier).",
    "Destination conflict at 14:02:30 UTC: kept Notion value https://a.example, dropped https://b.example (from Mars). ref c_1a2b3c4d5e6f",
    "Destination conflict at 14:02:30 UTC: kept Notion value https://a.example, dropped https://b.example (from Zapier). ref c_12",
  ])("ignores any other comment: %j", (text) => {
    expect(parseConflictComment(text)).toBeNull();
  });
});
