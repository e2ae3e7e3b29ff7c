import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
    const { agent, databaseId } = await world.agent();
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
  });
});
