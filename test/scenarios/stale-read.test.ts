import { createLinksyncShortenerProvider, type LinkProvider } from "@linksync/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentsOn, notionRows } from "../support/notion-rows";
import { type AttachedAgent, startWorld, type World } from "../support/world";

/*
 * A Notion edit made after the cycle read the row and before Linksync writes it: the cycle asks the provider for its
 * changed links between the two, so the edit is made there, at the exact moment a slow cycle would leave open.
 */
let world: World;
let a: AttachedAgent;
let pageId: string;
let linkId: string;
let betweenReadAndWrite: (() => Promise<unknown>) | null = null;

beforeEach(async () => {
  world = await startWorld({ rows: 8 });
  a = await world.agent({
    providerFactory: (config) => {
      const provider = createLinksyncShortenerProvider(config);
      const changesSince: LinkProvider["changesSince"] = async (cursor) => {
        const edit = betweenReadAndWrite;
        betweenReadAndWrite = null;
        await edit?.();
        return provider.changesSince(cursor);
      };
      return { ...provider, changesSince };
    },
  });
  await a.agent.syncNow(a.databaseId);
  const linked = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
  if (!linked?.linkId) throw new Error("the backfill linked no row");
  pageId = linked.pageId;
  linkId = linked.linkId;
});
afterEach(async () => {
  await world.close();
});

describe("a Notion edit made between the cycle's read and its write", () => {
  it("keeps a tag added in Notion while the cycle merged the link's tags", async () => {
    await world.sandbox.control.editPageAsPerson(pageId, { Tags: ["early"] });
    await world.links.update(linkId, { tags: ["from-a-zap"] }, { source: "zapier" });
    betweenReadAndWrite = () => world.sandbox.control.editPageAsPerson(pageId, { Tags: ["early", "late"] });

    await a.agent.syncNow(a.databaseId);

    const row = (await notionRows(world)).get(pageId);
    expect([...(row?.tags ?? [])].sort()).toEqual(["early", "from-a-zap", "late"]);
    expect([...((await world.links.get(linkId))?.tags ?? [])].sort()).toEqual([
      "early",
      "from-a-zap",
      "late",
    ]);
  });

  it("keeps a Destination typed in Notion while the cycle pulled the link's: Notion wins, the conflict is recorded", async () => {
    await world.sandbox.control.editPageAsPerson(pageId, { Tags: ["touched"] });
    const outside = "https://b.example/from-a-zap";
    const late = "https://a.example/typed-in-notion";
    await world.links.update(linkId, { destination: outside }, { source: "zapier" });
    betweenReadAndWrite = () => world.sandbox.control.editPageAsPerson(pageId, { Destination: late });

    await a.agent.syncNow(a.databaseId);

    const row = (await notionRows(world)).get(pageId);
    expect(row?.destination).toBe(late);
    expect(row?.syncedDestination).toBe(late);
    expect((await world.links.get(linkId))?.destination).toBe(late);
    const comments = (await commentsOn(world, pageId)).filter((c) => c.includes("ref c_"));
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(`kept Notion value ${late}, dropped ${outside} (from Zapier)`);
  });
});
