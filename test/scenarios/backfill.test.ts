import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditOf } from "../support/audit";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await startWorld({ rows: 12 });
});
afterEach(async () => {
  await world.close();
});

describe("backfill", () => {
  it("gives every Live row with a good Destination one link, written back in one page update", async () => {
    const attached = await world.agent();
    const { agent, databaseId, events } = attached;
    const [summary] = await agent.syncNow(databaseId);
    const rows = await notionRows(world);
    const expected = world.seed.rows.filter(
      (r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null,
    );
    expect(summary?.minted).toBe(expected.length);
    for (const seeded of expected) {
      const row = rows.get(seeded.pageId);
      expect(row?.shortUrl).toMatch(/^http/);
      expect(row?.linkId).toBeTruthy();
      expect(row?.syncedDestination).toBe(seeded.destination);
      expect(row?.qrFileName).toMatch(/^qr-.*\.png$/);
    }

    const progress = events.flatMap((e) =>
      e.type === "sync.progress" && e.payload.phase === "backfill" ? [e.payload] : [],
    );
    const last = progress.at(-1);
    expect(last?.phase).toBe("backfill");
    expect(last?.done).toBe(last?.total); // every candidate, the bad rows included
    expect(last?.total).toBeGreaterThanOrEqual(expected.length);
    expect(
      progress.every((p) => typeof p.ratePerSecond === "number" && typeof p.throttled === "boolean"),
    ).toBe(true);
    expect(events.filter((e) => e.type === "link.created")).toHaveLength(expected.length);

    const writes = (await auditOf(attached)).filter((e) => e.kind === "write" && e.column === "Short URL");
    expect(writes).toHaveLength(expected.length);
    expect(writes[0]).toMatchObject({ target: "notion", source: "linksync", reason: "filled by Linksync" });
  });

  it("links every row of a database larger than one query can list", async () => {
    await world.close();
    world = await startWorld({ rows: 30, queryResultCap: 7 });
    const { agent, databaseId } = await world.agent();
    await agent.syncNow(databaseId);
    const rows = await notionRows(world);
    const expected = world.seed.rows.filter(
      (r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null,
    );
    for (const seeded of expected) expect(rows.get(seeded.pageId)?.shortUrl).toMatch(/^http/);
    expect((await world.links.changesSince(null)).links).toHaveLength(expected.length);
  });

  it("costs one query request, and writes nothing, when nothing changed", async () => {
    const { agent, databaseId } = await world.agent();
    await agent.syncNow(databaseId);
    await world.sandbox.control.resetRequestLog();
    const [summary] = await agent.syncNow(databaseId);
    const log = await world.sandbox.control.requestLog();
    expect(log.entries.map((e) => e.endpoint)).toEqual(["POST /v1/data_sources/{data_source_id}/query"]);
    expect(summary).toMatchObject({ minted: 0, updated: 0, notionRequests: 1 });
  });
});
