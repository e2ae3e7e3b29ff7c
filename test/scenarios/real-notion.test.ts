import { type Clock, createLinksyncShortenerProvider, systemClock } from "@linksync/core";
import { SCENARIO_VISIBILITY_DELAY_MS } from "@linksync/notion-sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { auditOf } from "../support/audit";
import { type LongerDestinations, longerDestinations } from "../support/longer-destinations";
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

describe("trashed rows and row-level refusals", () => {
  it("writes nothing to a row trashed mid-run, records why once, and the run goes on", async () => {
    world = await startWorld({ rows: 8 });
    const a = await world.agent({ clicksIntervalMs: 0 });
    await a.agent.syncNow(a.databaseId);
    const linked = [...(await notionRows(world)).values()].filter((r) => r.linkId !== null && r.shortUrl);
    const [trashed, other] = linked;
    if (!trashed?.linkId || !other?.linkId) throw new Error("the backfill linked too few rows");
    await world.sandbox.control.editPageAsPerson(trashed.pageId, {}, { inTrash: true });
    for (const row of [trashed, other]) await fetch(row.shortUrl ?? "", { redirect: "manual" });
    await waitForClicks(world, trashed.linkId);
    await waitForClicks(world, other.linkId);

    const [summary] = await a.agent.syncNow(a.databaseId);
    expect(a.agent.status().databases[0]?.state.kind).toBe("synced");
    expect(summary).toBeDefined();
    expect((await notionRows(world)).get(other.pageId)?.clicks).toBe(1);
    const refusals = (await auditOf(a)).filter((e) => e.kind === "row_error" && e.pageId === trashed.pageId);
    expect(refusals).toMatchObject([{ code: "row_in_trash" }]);

    await world.sandbox.control.resetRequestLog();
    await fetch(trashed.shortUrl ?? "", { redirect: "manual" });
    await a.agent.syncNow(a.databaseId);
    const log = await world.sandbox.control.requestLog();
    expect(log.entries.filter((e) => e.method === "PATCH" && e.path.includes(trashed.pageId))).toEqual([]);
  });
});

/** Click counts are flushed by the shortener every second: wait until it reports the link's. */
async function waitForClicks(w: World, linkId: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (((await w.links.clicks([linkId])).get(linkId) ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the shortener never reported the click");
}

describe("a destination over Notion's 2,000-character limit", () => {
  const tooLong = `https://shop.example.com/${"a".repeat(2001 - "https://shop.example.com/".length)}`;

  it("is refused on the row only, wherever it is typed, and nothing is lost", async () => {
    expect(tooLong).toHaveLength(2001);
    world = await startWorld({ rows: 6 });
    let provider: LongerDestinations | undefined;
    const a = await world.agent({
      providerFactory: (config) => {
        provider = longerDestinations(createLinksyncShortenerProvider(config));
        return provider;
      },
    });
    await a.agent.syncNow(a.databaseId);
    const [row, other] = [...(await notionRows(world)).values()].filter((r) => r.linkId !== null);
    if (!row?.linkId || !other?.linkId || !provider) throw new Error("the backfill linked too few rows");

    // In Notion: the url property holds 2,000 characters; Notion refuses the edit and the row keeps its value.
    await expect(
      world.sandbox.control.editPageAsPerson(row.pageId, { Destination: tooLong }),
    ).rejects.toThrow(/2000/);
    // Outside, through Linksync (a Zap's Update Destination) or our shortener's API: refused before any write.
    await expect(
      a.agent.updateDestination(a.databaseId, { pageId: row.pageId }, tooLong, "zapier"),
    ).rejects.toMatchObject({ message: expect.stringContaining("2,001 characters") });
    await expect(world.links.update(row.linkId, { destination: tooLong })).rejects.toMatchObject({
      code: "invalid_destination",
    });
    expect((await notionRows(world)).get(row.pageId)?.destination).toBe(row.destination);

    // Outside, in a provider that keeps longer addresses: the engine sees it, and the row alone says so.
    await provider.editOutside(row.linkId, tooLong);
    await world.sandbox.control.editPageAsPerson(other.pageId, {
      Destination: "https://shop.example.com/fine",
    });
    const [summary] = await a.agent.syncNow(a.databaseId);
    expect(summary).toMatchObject({ failed: 0 });
    expect(a.agent.status().databases[0]?.state.kind).toBe("synced");
    const after = await notionRows(world);
    expect(after.get(row.pageId)).toMatchObject({
      destination: row.destination,
      syncError: expect.stringMatching(/changed outside Notion.*2,001 characters/),
    });
    expect((await world.links.get(row.linkId))?.destination).toBe(row.destination);
    expect((await world.links.get(other.linkId))?.destination).toBe("https://shop.example.com/fine");
    // Nothing lost: the dropped address is in the audit log, in full.
    const audit = await auditOf(a);
    expect(audit).toContainEqual(
      expect.objectContaining({ kind: "write", pageId: row.pageId, target: "provider", from: tooLong }),
    );
  });
});
