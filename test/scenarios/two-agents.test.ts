import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentsOn, notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await startWorld({ rows: 30 });
});
afterEach(async () => {
  await world.close();
});

describe("two agents on one database", () => {
  it("mint exactly one link per row and report a conflict once, with one comment", async () => {
    const [a1, a2] = await Promise.all([world.agent(), world.agent()]);
    if (!a1 || !a2) throw new Error("agents did not start");
    await Promise.all([a1.agent.syncNow(a1.databaseId), a2.agent.syncNow(a2.databaseId)]);

    const rows = [...(await notionRows(world)).values()].filter((r) => r.linkId !== null);
    const links = (await world.links.changesSince(null)).links;
    expect(links).toHaveLength(rows.length);
    expect(new Set(rows.map((r) => r.linkId)).size).toBe(rows.length);
    for (const row of rows) expect(links.find((l) => l.id === row.linkId)?.shortUrl).toBe(row.shortUrl);

    const target = rows[0];
    if (!target?.linkId) throw new Error("no linked row");
    await world.sandbox.control.editPageAsPerson(target.pageId, { Destination: "https://a.example/notion" });
    await world.links.update(
      target.linkId,
      { destination: "https://b.example/outside" },
      { source: "shortener-api" },
    );
    await Promise.all([a1.agent.syncNow(a1.databaseId), a2.agent.syncNow(a2.databaseId)]);
    await Promise.all([a1.agent.syncNow(a1.databaseId), a2.agent.syncNow(a2.databaseId)]);

    expect(await commentsOn(world, target.pageId)).toHaveLength(1);
    const conflictEvents = [...a1.events, ...a2.events].filter((e) => e.type === "conflict");
    expect(conflictEvents).toHaveLength(1);
    expect((await world.links.get(target.linkId))?.destination).toBe("https://a.example/notion");
  });
});
