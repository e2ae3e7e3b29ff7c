import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await startWorld({ rows: 16 });
});
afterEach(async () => {
  await world.close();
});

/** Rows the backfill must link. */
function linkable(): string[] {
  return world.seed.rows
    .filter((r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null)
    .map((r) => r.pageId);
}

describe("offline", () => {
  it("keeps work in the outbox while Notion is unreachable, queues outside edits, and replays them in order", async () => {
    const a = await world.agent();
    // The network drops every page update: the backfill mints links but cannot write them back.
    await world.sandbox.control.setFaults({
      dropNext: { count: 100_000, endpoint: "PATCH /v1/pages/{page_id}" },
    });
    const [first] = await a.agent.syncNow(a.databaseId);
    expect(first?.minted).toBe(0);
    const offline = a.agent.status().databases[0];
    expect(offline?.state.kind).toBe("offline");
    expect(offline?.pendingWrites).toBeGreaterThan(0);
    expect(a.events.some((e) => e.type === "sync.offline")).toBe(true);

    await world.sandbox.control.clearFaults();
    await a.agent.syncNow(a.databaseId);
    const rows = await notionRows(world);
    const expected = linkable();
    for (const pageId of expected) expect(rows.get(pageId)?.shortUrl).toMatch(/^http/);

    // While offline again, an outside Destination write is queued, then applied when Notion is back.
    const target = expected[0] ?? "";
    await world.sandbox.control.setFaults({ dropNext: { count: 100_000 } });
    const queued = await a.agent.updateDestination(
      a.databaseId,
      { pageId: target },
      "https://shop.example.com/queued",
      "zapier",
    );
    expect(queued).toMatchObject({ status: "queued" });
    expect(a.agent.status().pendingWrites).toBeGreaterThan(0);

    await world.sandbox.control.clearFaults();
    await a.agent.syncNow(a.databaseId);
    expect((await notionRows(world)).get(target)?.destination).toBe("https://shop.example.com/queued");
    const linkId = (await notionRows(world)).get(target)?.linkId ?? "";
    expect((await world.links.get(linkId))?.destination).toBe("https://shop.example.com/queued");
    expect(a.agent.status().pendingWrites).toBe(0);

    // Exactly one link per row, however the writes were interrupted and replayed.
    const links = (await world.links.changesSince(null)).links;
    expect(links).toHaveLength(expected.length);
  });

  it("rides out a 429 storm during a clicks refresh and writes only the counts that changed", async () => {
    const a = await world.agent({ clicksIntervalMs: 0 });
    await a.agent.syncNow(a.databaseId);
    const rows = [...(await notionRows(world)).values()].filter(
      (r) => r.shortUrl !== null && r.linkId !== null,
    );
    const clicked = rows.slice(0, 3);
    for (const row of clicked) await fetch(row.shortUrl ?? "", { redirect: "manual" });
    await waitForClicks(clicked.map((r) => r.linkId ?? ""));

    await world.sandbox.control.resetRequestLog();
    await world.sandbox.control.setFaults({
      rateLimitNext: { count: 6, retryAfterSeconds: 0.2, endpoint: "PATCH /v1/pages/{page_id}" },
    });
    await a.agent.syncNow(a.databaseId);

    const after = await notionRows(world);
    for (const row of clicked) expect(after.get(row.pageId)?.clicks).toBe(1);
    expect(a.events.some((e) => e.type === "sync.throttled")).toBe(true);
    const log = await world.sandbox.control.requestLog();
    const updates = log.entries.filter((e) => e.endpoint === "PATCH /v1/pages/{page_id}" && e.status === 200);
    expect(updates).toHaveLength(clicked.length);
  });
});

/** Click counts are flushed by the shortener every second: wait until it reports them. */
async function waitForClicks(ids: readonly string[]): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const counts = await world.links.clicks(ids);
    if (ids.every((id) => (counts.get(id) ?? 0) > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the shortener never reported the clicks");
}
