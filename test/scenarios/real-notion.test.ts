import { type Clock, systemClock } from "@linksync/core";
import { SCENARIO_VISIBILITY_DELAY_MS } from "@linksync/notion-sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

/** Issue 12: the engine against Notion as it is, not as the sandbox used to forgive. */

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const TEN_MINUTES = 10 * 60_000;

/** The agent's clock, `offsetMs` away from Notion's (the machine's). Sleeps stay real. */
function skewedClock(offsetMs: number): Clock {
  return { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
}

describe("watermarks on Notion's clock", () => {
  for (const [label, offsetMs] of [
    ["10 minutes ahead of", TEN_MINUTES],
    ["10 minutes behind", -TEN_MINUTES],
  ] as const) {
    it(`loses no edit when the agent's clock runs ${label} Notion's`, async () => {
      world = await startWorld({ rows: 8 });
      const a = await world.agent({ clock: skewedClock(offsetMs) });
      await a.agent.syncNow(a.databaseId);
      const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
      if (!row?.linkId) throw new Error("the backfill linked no row");

      for (const [step, destination] of [
        "https://shop.example.com/one",
        "https://shop.example.com/two",
      ].entries()) {
        await world.sandbox.control.editPageAsPerson(row.pageId, { Destination: destination });
        await a.agent.syncNow(a.databaseId);
        expect((await world.links.get(row.linkId))?.destination, `edit ${step + 1}`).toBe(destination);
      }
    });
  }

  it("still loses nothing when Notion's own clock is 10 minutes behind the machine's", async () => {
    world = await startWorld({ rows: 8, notionClockOffsetMs: -TEN_MINUTES });
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
    if (!row?.linkId) throw new Error("the backfill linked no row");
    await world.sandbox.control.editPageAsPerson(row.pageId, {
      Destination: "https://shop.example.com/late",
    });
    await a.agent.syncNow(a.databaseId);
    expect((await world.links.get(row.linkId))?.destination).toBe("https://shop.example.com/late");
  });
});

describe("lagging queries", () => {
  it("picks up an edit the index showed late at the next cycle", async () => {
    world = await startWorld({ rows: 8, visibilityDelayMs: SCENARIO_VISIBILITY_DELAY_MS });
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    await world.sandbox.control.advanceClock(SCENARIO_VISIBILITY_DELAY_MS);
    await a.agent.syncNow(a.databaseId);
    const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
    if (!row?.linkId) throw new Error("the backfill linked no row");
    await world.sandbox.control.editPageAsPerson(row.pageId, { Destination: "https://shop.example.com/lag" });
    await a.agent.syncNow(a.databaseId);
    await world.sandbox.control.advanceClock(SCENARIO_VISIBILITY_DELAY_MS);
    await a.agent.syncNow(a.databaseId);
    expect((await world.links.get(row.linkId))?.destination).toBe("https://shop.example.com/lag");
  });
});

describe("Notion-Version", () => {
  it("syncs every mapped column under 2026-12-01, where a query without filter_properties returns the title only", async () => {
    world = await startWorld({ rows: 8 });
    const a = await world.agent({ notionVersion: "2026-12-01" });
    const [first] = await a.agent.syncNow(a.databaseId);
    expect(first?.minted).toBeGreaterThan(0);
    const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
    if (!row?.linkId) throw new Error("the backfill linked no row");
    await world.sandbox.control.editPageAsPerson(row.pageId, {
      Destination: "https://shop.example.com/v2026",
    });
    const [second] = await a.agent.syncNow(a.databaseId);
    expect(second).toMatchObject({ failed: 0 });
    expect((await world.links.get(row.linkId))?.destination).toBe("https://shop.example.com/v2026");
    expect(a.agent.status().databases[0]?.state.kind).toBe("synced");
  });
});
