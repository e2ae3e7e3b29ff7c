import { describe, expect, it } from "vitest";
import type { Output } from "../terminal/output";
import { runDemo } from "./demo";

function captureOutput(): Output & { readonly text: () => string } {
  const lines: string[] = [];
  return {
    line: (text) => lines.push(text),
    heading: (text) => lines.push(`# ${text}`),
    progress: (text) => lines.push(text),
    endProgress: () => {},
    text: () => lines.join("\n"),
  };
}

describe("linksync demo --once", () => {
  it("backfills the seeded campaign, then shows a Notion edit, an outside edit, a conflict and a tag merge", async () => {
    const out = captureOutput();
    const code = await runDemo(
      { once: true, rows: 24, notionRequestsPerSecond: 200, ui: false, pollIntervalMs: 60_000 },
      out,
    );
    const text = out.text();

    expect(code).toBe(0);
    expect(text).toMatch(/Minted \d+ links; \d+ rows reported on the row/);
    expect(text).toContain("(from zapier)");
    expect(text).toMatch(
      /Comment on ".+": Destination conflict at \d\d:\d\d:\d\d UTC: kept Notion value https:\/\/events\.example\.net\/spring\/kept-by-notion, dropped https:\/\/events\.example\.net\/spring\/dropped-from-zapier \(from Zapier\)/,
    );
    const tags = /Tags of ".+" in Notion: (.+)/.exec(text)?.[1]?.split(", ") ?? [];
    expect(tags).toContain("vip");
    expect(tags).toContain("q2-push");
    expect(text).toMatch(/Conflicts \(Notion won\)\s+1\b/);
  }, 120_000); // the whole demo (sandbox, server, agent, query lag): ~20 s alone, over 30 s on a loaded 2-core machine
});
