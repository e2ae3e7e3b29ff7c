import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShortLink } from "./create-short-link";
import { findLinks, listRecentLinks } from "./link-queries";
import { type LiveServices, startLiveServices } from "./operations.fixture";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

async function seedLinks() {
  const ctx = live.context();
  // Notion dates rows to the minute: a minute apart, their order is Notion's too.
  const make = async (title: string, destination: string) => {
    await live.advance(60_000);
    return createShortLink(ctx, live.dataSourceId, { title, destination });
  };
  const spring = await make("Spring sale", "https://shop.example/spring");
  const summer = await make("Summer sale", "https://shop.example/summer");
  const podcast = await make("Podcast launch", "https://shop.example/podcast");
  // A row without a link is never a result.
  await ctx.notion.createPage({
    parent: { type: "data_source_id", data_source_id: live.dataSourceId },
    properties: { Name: { title: [{ type: "text", text: { content: "Draft sale" } }] } },
  });
  return { ctx, spring, summer, podcast };
}

describe("findLinks", () => {
  it("finds a linked row by short URL, by destination, and by words of its title", async () => {
    const { ctx, spring, summer } = await seedLinks();
    const byShortUrl = await findLinks(ctx, live.dataSourceId, { shortUrl: summer.link.shortUrl });
    expect(byShortUrl.map((r) => r.pageId)).toEqual([summer.row.pageId]);
    const byDestination = await findLinks(ctx, live.dataSourceId, {
      destination: "https://shop.example/spring",
    });
    expect(byDestination.map((r) => r.pageId)).toEqual([spring.row.pageId]);
    const byTitle = await findLinks(ctx, live.dataSourceId, { title: "sale" });
    expect(byTitle.map((r) => r.title)).toEqual(["Summer sale", "Spring sale"]);
  });

  it("returns nothing when nothing matches, and refuses an empty search", async () => {
    const { ctx } = await seedLinks();
    expect(await findLinks(ctx, live.dataSourceId, { destination: "https://elsewhere.example" })).toEqual([]);
    await expect(findLinks(ctx, live.dataSourceId, { title: "  " })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("listRecentLinks", () => {
  it("lists linked rows newest first, up to the limit", async () => {
    const { ctx, summer, podcast } = await seedLinks();
    const recent = await listRecentLinks(ctx, live.dataSourceId, 2);
    expect(recent.map((r) => r.pageId)).toEqual([podcast.row.pageId, summer.row.pageId]);
    expect(recent[0]).toMatchObject({ shortUrl: podcast.link.shortUrl, linkId: podcast.link.id });
  });
});
