import { describe, expect, it } from "vitest";
import { decideDestination, decideUpdateDestination } from "./destination";

const A = "https://a.example/";
const B = "https://b.example/";
const C = "https://c.example/";

describe("decideDestination", () => {
  it.each([
    ["nothing changed", A, A, A, "zapier", { kind: "unchanged" }],
    ["Notion changed", B, A, A, "zapier", { kind: "push", value: B }],
    ["changed outside Notion", A, B, A, "zapier", { kind: "pull", value: B, source: "zapier" }],
    [
      "both changed to different values: Notion wins",
      B,
      C,
      A,
      "shortener-ui",
      { kind: "conflict", kept: B, dropped: C, droppedSource: "shortener-ui" },
    ],
    ["both changed to the same value", B, B, A, "zapier", { kind: "settle", value: B }],
    ["base unknown, both agree", A, A, null, "unknown", { kind: "settle", value: A }],
    [
      "base unknown, sides differ: Notion is the source of truth",
      A,
      B,
      null,
      "zapier",
      { kind: "push", value: A },
    ],
    ["a link value Linksync wrote is not an outside edit", B, C, A, "linksync", { kind: "push", value: B }],
    ["Linksync's own stale write is reset to Notion", A, B, A, "linksync", { kind: "push", value: A }],
    ["normalised forms are the same value", "https://a.example", A, A, "zapier", { kind: "unchanged" }],
  ] as const)("%s", (_, notion, link, base, linkSource, decision) => {
    expect(decideDestination({ notion, link, base, linkSource })).toEqual(decision);
  });
});

describe("decideUpdateDestination", () => {
  const page = { pageId: "p1", source: "zapier" as const };

  it("applies when Notion still holds the last synced value", () => {
    expect(decideUpdateDestination({ ...page, notion: A, link: A, base: A, requested: B })).toEqual({
      kind: "applied",
      value: B,
      writeLink: true,
      writeNotion: true,
    });
  });

  it("applies over an outside edit Notion has not seen yet (latest outside write wins)", () => {
    expect(decideUpdateDestination({ ...page, notion: A, link: C, base: A, requested: B })).toMatchObject({
      kind: "applied",
      writeLink: true,
      writeNotion: true,
    });
  });

  it("writes nothing when the value is already everywhere", () => {
    expect(decideUpdateDestination({ ...page, notion: B, link: B, base: A, requested: B })).toEqual({
      kind: "applied",
      value: B,
      writeLink: false,
      writeNotion: false,
    });
  });

  it("loses to a Notion edit made since the last sync and reports both values", () => {
    const decision = decideUpdateDestination({ ...page, notion: C, link: A, base: A, requested: B });
    expect(decision).toMatchObject({
      kind: "conflict",
      kept: C,
      dropped: B,
      droppedSource: "zapier",
      resetLink: true,
    });
    if (decision.kind === "conflict") expect(decision.conflictId).toMatch(/^c_[0-9a-f]{12}$/);
  });

  it("treats sides that agree as synced when the base is unknown", () => {
    expect(decideUpdateDestination({ ...page, notion: A, link: A, base: null, requested: B })).toMatchObject({
      kind: "applied",
    });
    expect(decideUpdateDestination({ ...page, notion: A, link: C, base: null, requested: B })).toMatchObject({
      kind: "conflict",
      kept: A,
      resetLink: true,
    });
  });

  it("fills an empty Notion Destination", () => {
    expect(decideUpdateDestination({ ...page, notion: null, link: A, base: A, requested: B })).toMatchObject({
      kind: "applied",
      writeNotion: true,
    });
  });

  it("refuses an unsafe URL before deciding anything", () => {
    expect(
      decideUpdateDestination({ ...page, notion: A, link: A, base: A, requested: "javascript:alert(1)" }),
    ).toMatchObject({ kind: "invalid", problem: { code: "destination_unsafe_scheme" } });
  });
});
