import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { LinkRecord } from "../store/store";
import type { AccountTemplates } from "../utm/utm-templates";
import { RedirectCache, resolveRedirect } from "./redirect-cache";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
function liveHeapBytes(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** A link as the store answers it: every field filled, as fresh strings (not shared constants). */
function storedLink(i: number): LinkRecord {
  const at = new Date(Date.UTC(2026, 2, 1, 10, 0, i % 60)).toISOString();
  return {
    id: `lnk_${i.toString(36).padStart(12, "x")}`,
    accountId: `acct-${"a".repeat(1 + (i % 2))}`.slice(0, 6),
    slug: `s${i.toString(36)}`,
    destination: `https://example.com/campaigns/spring-2026/landing-page/${i}?ref=newsletter`,
    tags: [`spring-${i % 7}`, `email-${i % 3}`],
    title: `Spring campaign landing page number ${i}`,
    externalId: `notion-page:${i.toString(16).padStart(32, "0")}`,
    version: 1,
    changeSeq: i,
    createdAt: at,
    updatedAt: `${at}`,
    updatedBy: `shortener-api-${i % 2}`,
  };
}

const templates: AccountTemplates = {
  generation: 1,
  paramsFor: (link) => [{ key: "utm_campaign", value: link.tags[0] ?? "" }],
};

describe("the redirect cache", () => {
  it("keeps only what a redirect needs: the link id, its account, the location and the templates' generation", () => {
    const entry = resolveRedirect(storedLink(1), templates);
    expect(entry).toEqual({
      linkId: storedLink(1).id,
      accountId: storedLink(1).accountId,
      location: `${storedLink(1).destination}&utm_campaign=spring-1`,
      templatesGeneration: 1,
    });
  });

  it("holds 10,000 resolved redirects in well under 500 bytes each (the whole link record made ~1 KB)", async () => {
    const cache = new RedirectCache(10_000);
    const before = liveHeapBytes();
    for (let i = 0; i < 10_000; i++) {
      const link = storedLink(i);
      await cache.resolve(link.slug, async () => resolveRedirect(link, templates));
    }
    const perEntry = (liveHeapBytes() - before) / 10_000;
    expect(cache.size).toBe(10_000);
    expect(perEntry).toBeLessThan(500);
  });
});
