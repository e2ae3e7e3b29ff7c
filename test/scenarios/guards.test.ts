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

describe("guards", () => {
  it("skips Draft rows and links them at the next cycle once flipped to Live", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const draft = world.seed.rows.find((r) => r.sync === "Draft" && !r.badDestination && r.shortUrl === null);
    if (!draft) throw new Error("the campaign seed has no good Draft row");
    expect((await notionRows(world)).get(draft.pageId)?.shortUrl).toBeNull();

    await world.sandbox.control.editPageAsPerson(draft.pageId, { Sync: "Live" });
    const [summary] = await a.agent.syncNow(a.databaseId);
    expect(summary?.minted).toBe(1);
    expect((await notionRows(world)).get(draft.pageId)?.shortUrl).toMatch(/^http/);
  });

  it("marks a bad Destination on its row and links the others", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const bad = world.seed.rows.filter(
      (r) => r.sync === "Live" && r.badDestination && r.destination !== null,
    );
    const rows = await notionRows(world);
    expect(bad.length).toBeGreaterThan(0);
    for (const seeded of bad) {
      expect(rows.get(seeded.pageId)?.shortUrl).toBeNull();
      expect(rows.get(seeded.pageId)?.syncError).toMatch(/Destination/);
    }
    expect(a.events.filter((e) => e.type === "row.failed").length).toBe(bad.length);
  });

  it("follows a Destination column renamed mid-run, without pausing; the field map shows the new name", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
    if (!row) throw new Error("no linked row");
    const { dataSourceId } = world.seed;

    await world.sandbox.control.updateSchema(dataSourceId, { Destination: { name: "Target" } });
    await world.sandbox.control.editPageAsPerson(row.pageId, { Target: "https://shop.example.com/renamed" });
    await a.agent.syncNow(a.databaseId);

    const status = a.agent.status().databases[0];
    expect(status?.state.kind).toBe("synced");
    expect(status?.fieldMap?.destination).toBe("Target");
    expect(a.events.some((e) => e.type === "sync.paused")).toBe(false);
    expect((await world.links.get(row.linkId ?? ""))?.destination).toBe("https://shop.example.com/renamed");
  });

  it("pauses before any write when the Destination column is retyped, and resumes once its type is back", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    const { dataSourceId } = world.seed;

    await world.sandbox.control.updateSchema(dataSourceId, { Destination: { rich_text: {} } });
    await world.sandbox.control.resetRequestLog();
    await a.agent.syncNow(a.databaseId);

    const status = a.agent.status().databases[0];
    expect(status?.state).toMatchObject({ kind: "paused", reason: "schema_drift" });
    if (status?.state.kind === "paused") expect(status.state.message).toContain('"Destination"');
    const log = await world.sandbox.control.requestLog();
    const writes = log.entries.filter(
      (e) => e.method === "PATCH" || (e.method === "POST" && !e.path.endsWith("/query")),
    );
    expect(writes).toEqual([]);
    expect(a.events.some((e) => e.type === "sync.paused")).toBe(true);

    await world.sandbox.control.updateSchema(dataSourceId, { Destination: { url: {} } });
    await a.agent.syncNow(a.databaseId);
    expect(a.agent.status().databases[0]?.state.kind).not.toBe("paused");
    expect(a.events.some((e) => e.type === "sync.resumed")).toBe(true);
  });

  it("pauses and resumes a whole database on request", async () => {
    const a = await world.agent();
    await a.agent.pause(a.databaseId);
    const [summary] = await a.agent.syncNow(a.databaseId);
    expect(summary?.minted).toBe(0);
    expect([...(await notionRows(world)).values()].every((r) => r.linkId === null)).toBe(true);
    await a.agent.resume(a.databaseId);
    const [after] = await a.agent.syncNow(a.databaseId);
    expect(after?.minted).toBeGreaterThan(0);
  });

  it("force re-sync lifts a pause and rescans every row", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    await a.agent.pause(a.databaseId);
    await world.sandbox.control.resetRequestLog();
    await a.agent.forceResync(a.databaseId);

    expect(a.agent.status().databases[0]?.state.kind).toBe("synced");
    expect(a.events.some((e) => e.type === "sync.resumed")).toBe(true);
    const log = await world.sandbox.control.requestLog();
    expect(log.byEndpoint["POST /v1/data_sources/{data_source_id}/query"]).toBeGreaterThanOrEqual(2);
    expect(log.entries.filter((e) => e.method === "PATCH")).toEqual([]);
  });

  it("stops a revoked connection, wipes its token and reports it", async () => {
    const a = await world.agent();
    await a.agent.syncNow(a.databaseId);
    await world.sandbox.control.revokeToken(world.seed.token);
    await a.agent.syncNow(a.databaseId);

    expect(a.events.some((e) => e.type === "connection.revoked")).toBe(true);
    expect(a.agent.status().connections[0]?.state).toBe("revoked");
    expect(a.agent.status().databases[0]?.state).toMatchObject({ kind: "paused", reason: "revoked" });
    const { readFile } = await import("node:fs/promises");
    const secrets = JSON.parse(await readFile(`${a.dataDir}/secrets.json`, "utf8")) as { entries: object };
    expect(Object.keys(secrets.entries).some((name) => name.startsWith("notion:"))).toBe(false);
  });
});
