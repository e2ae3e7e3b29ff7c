import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startShortener } from "@linksync/shortener";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditOf } from "../support/audit";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

let world: World;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-outage-"));
  world = await startWorld({ rows: 10, shortenerDataFile: join(dir, "shortener.json") });
});
afterEach(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

describe("link provider outage", () => {
  it("keeps a Notion edit pending while the shortener is down and applies it once it is back", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
    if (!row?.linkId) throw new Error("no linked row");

    await world.sandbox.control.editPageAsPerson(row.pageId, {
      Destination: "https://shop.example.com/while-down",
    });
    await world.shortener.close();
    await a.agent.syncNow(a.databaseId);
    expect(a.agent.status().databases[0]?.state.kind).toBe("offline");
    expect(a.events.filter((e) => e.type === "sync.offline")).toHaveLength(1);

    const restarted = await startShortener({
      apiKey: world.shortener.apiKey,
      port: world.shortener.port,
      dataFile: join(dir, "shortener.json"),
    });
    try {
      await a.agent.syncNow(a.databaseId);
      expect(a.agent.status().databases[0]?.state.kind).toBe("synced");
      expect((await world.links.get(row.linkId))?.destination).toBe("https://shop.example.com/while-down");
      expect(a.agent.status().pendingWrites).toBe(0);
      expect(a.events.filter((e) => e.type === "sync.online")).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  it("replays a link.create queued while the shortener was down without logging a false replay error", async () => {
    const a = await world.agent();
    await world.shortener.close();
    await a.agent.syncNow(a.databaseId);
    expect(a.agent.status().databases[0]?.state.kind).toBe("offline");
    expect(a.agent.status().pendingWrites).toBeGreaterThan(0);

    const restarted = await startShortener({
      apiKey: world.shortener.apiKey,
      port: world.shortener.port,
      dataFile: join(dir, "shortener.json"),
    });
    try {
      await a.agent.syncNow(a.databaseId);
      expect(a.agent.status().databases[0]?.state.kind).toBe("synced");
      expect(a.agent.status().pendingWrites).toBe(0);
      const linked = [...(await notionRows(world)).values()].filter((r) => r.linkId !== null);
      expect(linked.length).toBeGreaterThan(0);
      const errors = (await auditOf(a)).filter((e) => e.kind === "row_error");
      expect(errors).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
