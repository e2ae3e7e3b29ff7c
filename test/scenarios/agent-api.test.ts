import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentsOn, notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await startWorld({ rows: 10 });
});
afterEach(async () => {
  await world.close();
});

async function firstLinked() {
  const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
  if (!row?.linkId) throw new Error("no linked row");
  return { pageId: row.pageId, linkId: row.linkId };
}

describe("the agent API", () => {
  it("applies an outside Destination write at once when Notion did not change it", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const { pageId, linkId } = await firstLinked();

    const result = await a.agent.updateDestination(
      a.databaseId,
      { linkId },
      "https://shop.example.com/zap",
      "zapier",
    );
    expect(result).toEqual({
      status: "applied",
      pageId,
      linkId,
      destination: "https://shop.example.com/zap",
    });
    expect((await notionRows(world)).get(pageId)?.destination).toBe("https://shop.example.com/zap");
    expect((await world.links.get(linkId))?.destination).toBe("https://shop.example.com/zap");
    // Through the outbox like every remote write: recorded before it was sent, settled once done.
    const outbox = (await readFile(join(a.dataDir, "outbox.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { t: string; id: string; intent?: { kind: string } });
    const recorded = outbox.find((r) => r.t === "enqueue" && r.intent?.kind === "destination.update");
    expect(outbox.filter((r) => r.id === recorded?.id).map((r) => r.t)).toEqual([
      "enqueue",
      "sent",
      "settled",
    ]);

    const [summary] = await a.agent.syncNow(a.databaseId);
    expect(summary?.updated).toBe(0);
  });

  it("answers an outside write that lost to a Notion edit with the conflict, recorded once", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const { pageId, linkId } = await firstLinked();
    await world.sandbox.control.editPageAsPerson(pageId, { Destination: "https://a.example/notion" });

    const result = await a.agent.updateDestination(
      a.databaseId,
      { pageId },
      "https://b.example/zap",
      "zapier",
    );
    expect(result).toMatchObject({
      status: "conflict",
      kept: "https://a.example/notion",
      dropped: "https://b.example/zap",
    });
    await a.agent.syncNow(a.databaseId);
    expect(await commentsOn(world, pageId)).toHaveLength(1);
    expect((await world.links.get(linkId))?.destination).toBe("https://a.example/notion");

    const [conflict] = a.agent.conflicts();
    expect(a.agent.status().unreadConflicts).toBe(1);
    await a.agent.acknowledgeConflict(conflict?.conflictId ?? "");
    expect(a.agent.status().unreadConflicts).toBe(0);
  });

  it("keeps a trashed row's link and writes nothing to it", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const { pageId, linkId } = await firstLinked();
    await world.sandbox.control.editPageAsPerson(
      pageId,
      { Destination: "https://shop.example.com/gone" },
      { inTrash: true },
    );
    await world.sandbox.control.resetRequestLog();
    await a.agent.syncNow(a.databaseId);

    const link = await world.links.get(linkId);
    expect(link).not.toBeNull();
    expect(link?.destination).not.toBe("https://shop.example.com/gone");
    const log = await world.sandbox.control.requestLog();
    // Nothing else changed either, so the cycle wrote no page at all.
    expect(log.entries.filter((e) => e.method === "PATCH")).toEqual([]);
  });

  it("records the database's total clicks at every clicks refresh", async () => {
    const a = await world.agent({ clicksIntervalMs: 0 });
    expect(await a.agent.clicksOverTime(a.databaseId)).toEqual([]);
    await a.agent.syncNow(a.databaseId);
    const { pageId, linkId } = await firstLinked();
    const shortUrl = (await notionRows(world)).get(pageId)?.shortUrl ?? "";
    await fetch(shortUrl, { redirect: "manual" });
    await waitForClicks(linkId);
    await a.agent.syncNow(a.databaseId);

    const points = await a.agent.clicksOverTime(a.databaseId);
    expect(points).toHaveLength(2);
    expect(points[1]?.total).toBe((points[0]?.total ?? 0) + 1);
    expect(points.every((p) => !Number.isNaN(Date.parse(p.at)))).toBe(true);
  });

  it("picks up where it stopped after a restart, from its data directory", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const linked = a.agent.status().databases[0]?.linked ?? 0;
    await a.stop();

    const { createAgent } = await import("@linksync/core");
    expect(await readFile(`${a.dataDir}/secrets.json`, "utf8")).not.toContain(world.seed.token);
    const again = createAgent({ dataDir: a.dataDir, secretKey: a.secretKey });
    try {
      const [summary] = await again.syncNow();
      expect(summary).toMatchObject({ databaseId: a.databaseId, minted: 0, updated: 0 });
      expect(again.status().databases[0]?.linked).toBe(linked);
      const top = await again.topLinks(a.databaseId, 3);
      expect(top).toHaveLength(3);
      expect(top.every((t) => t.title !== "")).toBe(true);
    } finally {
      await again.stop();
    }
  });
});

/** Click counts are flushed by the shortener every second: wait until it reports the link's. */
async function waitForClicks(linkId: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (((await world.links.clicks([linkId])).get(linkId) ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the shortener never reported the click");
}
