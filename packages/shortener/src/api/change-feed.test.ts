import { afterEach, describe, expect, it } from "vitest";
import type { RunningShortener } from "../server/start-shortener";
import {
  call,
  createLink,
  type ErrorBody,
  type LinkBody,
  startTestShortener,
} from "../testing/shortener-client";

interface FeedPage {
  links: LinkBody[];
  cursor: string;
  hasMore: boolean;
}

let shortener: RunningShortener;
afterEach(() => shortener.close());

async function page(cursor: string, limit: number): Promise<FeedPage> {
  const answer = await call<FeedPage>(shortener, "GET", `/api/links?updated_since=${cursor}&limit=${limit}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("GET /api/links?updated_since= (change feed)", () => {
  it("pages through every change exactly once, even while links change between pages", async () => {
    shortener = await startTestShortener();
    // Created in one burst: many share a millisecond, which a timestamp cursor would split or drop.
    const links = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        createLink(shortener, { destination: `https://example.com/${i}` }),
      ),
    );
    const latest = new Map<string, LinkBody>();
    let cursor = "0";
    let pages = 0;
    for (let more = true; more; pages++) {
      const current = await page(cursor, 7);
      for (const link of current.links) latest.set(link.id, link);
      cursor = current.cursor;
      more = current.hasMore;
      if (pages === 1) {
        // Edit one link already read and one not read yet: both must come (again) later in the feed.
        for (const link of [links[0]!, links[24]!]) {
          await call(shortener, "PATCH", `/api/links/${link.id}`, { body: { tags: ["edited"] } });
        }
      }
    }
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(latest.size).toBe(25);
    for (const link of links) {
      const now = (await call<LinkBody>(shortener, "GET", `/api/links/${link.id}`)).body;
      expect(latest.get(link.id)).toEqual(now);
    }
    expect(await page(cursor, 7)).toEqual({ links: [], cursor, hasMore: false });
  });

  it("returns only what changed after the cursor, oldest change first", async () => {
    shortener = await startTestShortener();
    const a = await createLink(shortener, { destination: "https://example.com/a" });
    const b = await createLink(shortener, { destination: "https://example.com/b" });
    const { cursor } = await page("", 100);
    await call(shortener, "PATCH", `/api/links/${b.id}`, { body: { destination: "https://example.com/b2" } });
    await call(shortener, "PATCH", `/api/links/${a.id}`, { body: { destination: "https://example.com/a2" } });
    const changed = await page(cursor, 100);
    expect(changed.links.map((link) => link.destination)).toEqual([
      "https://example.com/b2",
      "https://example.com/a2",
    ]);
  });

  it("refuses a cursor it did not hand out and a limit out of range", async () => {
    shortener = await startTestShortener();
    for (const query of ["updated_since=2026-01-01T00:00:00Z", "limit=0", "limit=5000"]) {
      const answer = await call<ErrorBody>(shortener, "GET", `/api/links?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("invalid_input");
    }
  });
});
