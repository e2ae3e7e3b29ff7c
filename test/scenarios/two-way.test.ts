import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditOf } from "../support/audit";
import { commentsOn, notionRows } from "../support/notion-rows";
import { type AttachedAgent, startWorld, type World } from "../support/world";

let world: World;
let a: AttachedAgent;
let pageId: string;
let linkId: string;

beforeEach(async () => {
  world = await startWorld({ rows: 8 });
  a = await world.agent();
  await a.agent.syncNow(a.databaseId);
  const linked = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
  if (!linked?.linkId) throw new Error("the backfill linked no row");
  pageId = linked.pageId;
  linkId = linked.linkId;
  a.events.length = 0;
});
afterEach(async () => {
  await world.close();
});

async function linkDestination(): Promise<string | undefined> {
  return (await world.links.get(linkId))?.destination;
}

describe("two-way Destination", () => {
  it("pushes a Destination edited in Notion to the link", async () => {
    await world.sandbox.control.editPageAsPerson(pageId, {
      Destination: "https://shop.example.com/new-notion",
    });
    await a.agent.syncNow(a.databaseId);
    expect(await linkDestination()).toBe("https://shop.example.com/new-notion");
    const row = (await notionRows(world)).get(pageId);
    expect(row?.syncedDestination).toBe("https://shop.example.com/new-notion");
    expect(a.events.some((e) => e.type === "link.updated" && e.payload.field === "destination")).toBe(true);
    const progress = a.events.flatMap((e) => (e.type === "sync.progress" ? [e.payload] : []));
    const last = progress.at(-1);
    expect(last?.phase).toBe("cycle");
    expect(last?.done).toBe(last?.total);
  });

  it("pulls a Destination edited at the shortener into Notion when Notion did not change", async () => {
    await world.links.update(
      linkId,
      { destination: "https://shop.example.com/from-api" },
      { source: "shortener-api" },
    );
    await a.agent.syncNow(a.databaseId);
    const row = (await notionRows(world)).get(pageId);
    expect(row?.destination).toBe("https://shop.example.com/from-api");
    expect(row?.syncedDestination).toBe("https://shop.example.com/from-api");
    expect(await commentsOn(world, pageId)).toEqual([]);
  });

  it("keeps Notion's value when both sides changed: one comment, one audit entry, one conflict event", async () => {
    await world.sandbox.control.editPageAsPerson(pageId, { Destination: "https://a.example/kept" });
    await world.links.update(linkId, { destination: "https://b.example/dropped" }, { source: "zapier" });
    await a.agent.syncNow(a.databaseId);
    await a.agent.syncNow(a.databaseId);

    expect(await linkDestination()).toBe("https://a.example/kept");
    const comments = await commentsOn(world, pageId);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(
      /^Destination conflict at \d\d:\d\d:\d\d UTC: kept Notion value https:\/\/a\.example\/kept, dropped https:\/\/b\.example\/dropped \(from Zapier\)\./,
    );
    const conflicts = a.events.filter((e) => e.type === "conflict");
    expect(conflicts).toHaveLength(1);
    expect(a.agent.conflicts()).toHaveLength(1);
    const audit = await auditOf(a);
    expect(audit.filter((e) => e.kind === "conflict")).toHaveLength(1);
    const row = (await notionRows(world)).get(pageId);
    expect(row?.conflictAt).not.toBeNull();
    expect(row?.syncedDestination).toBe("https://a.example/kept");
  });

  it("reverts a Short URL a user edited, and logs it", async () => {
    const before = (await notionRows(world)).get(pageId)?.shortUrl;
    await world.sandbox.control.editPageAsPerson(pageId, { "Short URL": "https://evil.example/x" });
    await a.agent.syncNow(a.databaseId);
    expect((await notionRows(world)).get(pageId)?.shortUrl).toBe(before);
    expect(a.events.some((e) => e.type === "link.updated" && e.payload.field === "shortUrl")).toBe(true);
  });
});

describe("tags", () => {
  it("merges three ways: an addition on each side is kept, a removal on each side is removed", async () => {
    // Make the base hold two known tags on both sides first.
    await world.sandbox.control.editPageAsPerson(pageId, { Tags: ["spring", "sale"] });
    await a.agent.syncNow(a.databaseId);
    expect((await world.links.get(linkId))?.tags).toEqual(expect.arrayContaining(["spring", "sale"]));

    await world.sandbox.control.editPageAsPerson(pageId, { Tags: ["sale", "launch"] }); // Notion: -spring +launch
    await world.links.update(linkId, { tags: ["spring", "partner"] }, { source: "shortener-api" }); // link: -sale +partner
    await a.agent.syncNow(a.databaseId);

    const expected = ["launch", "partner"];
    expect([...((await notionRows(world)).get(pageId)?.tags ?? [])].sort()).toEqual(expected);
    expect([...((await world.links.get(linkId))?.tags ?? [])].sort()).toEqual(expected);
  });
});
