import { createLinksyncShortenerProvider } from "@linksync/core";
import { startShortener } from "@linksync/shortener";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

/** What a user changes after a database is attached: a column created for them, the field map, the shortener. */

let world: World;
beforeEach(async () => {
  world = await startWorld({ rows: 6 });
});
afterEach(async () => {
  await world.close();
});

describe("a database without a Destination column", () => {
  it("gets one on request, mapped, and a text column named Destination is left alone", async () => {
    const a = await world.agent();
    await world.sandbox.control.updateSchema(world.seed.dataSourceId, { Destination: null });
    await world.sandbox.control.updateSchema(world.seed.dataSourceId, { Destination: { rich_text: {} } });
    const before = await a.agent.inspectDatabase(a.connectionId, world.seed.dataSourceId);
    expect(before.errors.map((e) => e.column)).toContain("Destination");

    const report = await a.agent.addColumn(a.connectionId, world.seed.dataSourceId, "destination");
    expect(report.errors).toEqual([]);
    expect(report.fieldMap.destination).toBe("Destination URL");
    expect(report.columns).toEqual(
      expect.arrayContaining([
        { name: "Destination URL", type: "url" },
        { name: "Destination", type: "rich_text" },
      ]),
    );
    await expect(a.agent.addColumn(a.connectionId, world.seed.dataSourceId, "title")).rejects.toMatchObject({
      code: "field_map_invalid",
    });
  });
});

describe("editing an attached database", () => {
  it("remaps Destination to another URL column: later edits there move the link; a wrong map is refused", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    await world.sandbox.control.updateSchema(world.seed.dataSourceId, { "Landing page": { url: {} } });
    await expect(a.agent.remapDatabase(a.databaseId, { destination: "Channel" }, true)).rejects.toMatchObject(
      { code: "field_map_invalid", message: expect.stringMatching(/"Channel" is select/) },
    );

    const summary = await a.agent.remapDatabase(a.databaseId, { destination: "Landing page" }, true);
    expect(summary.fieldMap?.destination).toBe("Landing page");
    expect(summary.linked).toBeGreaterThan(0);

    const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
    if (!row?.linkId) throw new Error("no linked row");
    await world.sandbox.control.editPageAsPerson(row.pageId, {
      "Landing page": "https://shop.example.com/remapped",
    });
    await a.agent.syncNow(a.databaseId);
    expect((await world.links.get(row.linkId))?.destination).toBe("https://shop.example.com/remapped");
  });

  it("reads every row again after Destination moved: old rows' links follow the new column on the next run", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    await world.sandbox.control.updateSchema(world.seed.dataSourceId, { "Landing page": { url: {} } });
    const linked = [...(await notionRows(world)).values()].filter((row) => row.linkId !== null);
    const [empty, ...filled] = linked;
    if (!empty?.linkId || filled.length === 0) throw new Error("the seed has too few linked rows");
    const target = (index: number) => `https://shop.example.com/landing-${index}`;
    for (const [index, row] of filled.entries()) {
      await world.sandbox.control.editPageAsPerson(row.pageId, { "Landing page": target(index) });
    }
    // An hour later, two runs on (the first learns Notion's new time): those edits are older than anything a cycle
    // reads from its watermark.
    await world.sandbox.control.advanceClock(60 * 60_000);
    await a.agent.syncNow(a.databaseId);
    await a.agent.syncNow(a.databaseId);
    const emptyBefore = (await world.links.get(empty.linkId))?.destination;

    await a.agent.remapDatabase(a.databaseId, { destination: "Landing page" }, true);
    await a.agent.syncNow(a.databaseId);

    for (const [index, row] of filled.entries()) {
      expect((await world.links.get(row.linkId ?? ""))?.destination).toBe(target(index));
    }
    // A row with nothing in the new column keeps its link, and says why it does not follow.
    expect((await world.links.get(empty.linkId))?.destination).toBe(emptyBefore);
    expect((await notionRows(world)).get(empty.pageId)?.syncError).toMatch(/^Destination is empty/);
  });

  it("moves a workspace to another shortener: new links are made there, none in the old one", async () => {
    const a = await world.agent();
    const other = await startShortener({ apiKey: "other-key" });
    try {
      await a.agent.updateProvider(a.connectionId, {
        kind: "linksync-shortener",
        baseUrl: other.url,
        apiKey: "other-key",
      });
      const [cycle] = await a.agent.syncNow(a.databaseId);
      expect(cycle?.minted).toBeGreaterThan(0);
      const there = createLinksyncShortenerProvider({ baseUrl: other.url, apiKey: "other-key" });
      expect((await there.changesSince(null)).links).toHaveLength(cycle?.minted ?? -1);
      expect((await world.links.changesSince(null)).links).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe("why a database waits", () => {
  it("names the service and its refusal instead of a bare offline", async () => {
    const a = await world.agent();
    await world.sandbox.control.setFaults({ rules: [{ errorRate: 1, status: 503 }] });
    await a.agent.syncNow(a.databaseId);
    expect(a.agent.status().databases[0]?.state).toMatchObject({
      kind: "offline",
      cause: { service: "notion", code: "unavailable" },
    });
    await world.sandbox.control.clearFaults();
    await world.shortener.close();
    await a.agent.syncNow(a.databaseId);
    expect(a.agent.status().databases[0]?.state).toMatchObject({
      kind: "offline",
      cause: { service: "provider", code: "unavailable", message: expect.any(String) },
    });
  });
});
