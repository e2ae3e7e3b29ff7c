import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Agent, AgentError, createAgent, FakeClock, SecretBox } from "@linksync/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

let world: World;
let dataDir: string;
let agent: Agent;

beforeEach(async () => {
  world = await startWorld({ rows: 6 });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-connect-"));
});
afterEach(async () => {
  await agent.stop();
  await world.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function connect(clock?: FakeClock) {
  agent = createAgent({ dataDir, secretKey: SecretBox.generateKey(), ...(clock ? { clock } : {}) });
  return agent.addConnection({
    auth: { kind: "internal", token: world.seed.token },
    notionBaseUrl: world.sandbox.baseUrl,
    requestsPerSecond: 1000,
  });
}

const provider = () => ({
  kind: "linksync-shortener" as const,
  baseUrl: world.shortener.url,
  apiKey: world.shortener.apiKey,
});

describe("connecting a database", () => {
  it("finds the database, offers the missing Linksync columns and refuses to attach without consent", async () => {
    const connection = await connect();
    const found = await agent.searchDatabases(connection.id, "Spring");
    expect(found.map((d) => d.dataSourceId)).toContain(world.seed.dataSourceId);

    const report = await agent.inspectDatabase(connection.id, world.seed.dataSourceId);
    expect(report.errors).toEqual([]);
    expect(report.missing).toEqual(expect.arrayContaining(["Clicks", "QR", "Link ID", "Synced Destination"]));
    await expect(
      agent.attachDatabase({
        connectionId: connection.id,
        dataSourceId: world.seed.dataSourceId,
        createMissingColumns: false,
        provider: provider(),
      }),
    ).rejects.toMatchObject({ code: "columns_missing" });
  });

  it("refuses a field map that maps a column of the wrong type, naming the column and the fix", async () => {
    const connection = await connect();
    const report = await agent.inspectDatabase(connection.id, world.seed.dataSourceId, {
      destination: "Channel",
    });
    expect(report.errors[0]?.message).toMatch(/Destination must be a URL property \("Channel" is select\)/);
    const attach = agent.attachDatabase({
      connectionId: connection.id,
      dataSourceId: world.seed.dataSourceId,
      fieldMap: { destination: "Channel" },
      createMissingColumns: true,
      provider: provider(),
    });
    await expect(attach).rejects.toBeInstanceOf(AgentError);
  });

  it("creates a database with every column under a page, and syncs it", async () => {
    const connection = await connect();
    const database = await agent.createDatabase({
      connectionId: connection.id,
      parentPageId: world.seed.parentPageId,
      provider: provider(),
    });
    expect(database.title).toBe("Linksync Links");
    const [summary] = await agent.syncNow(database.id);
    expect(summary).toMatchObject({ minted: 0, failed: 0 });
  });

  it("runs a cycle every poll interval once started", async () => {
    const clock = new FakeClock(Date.now());
    const connection = await connect(clock);
    const database = await agent.attachDatabase({
      connectionId: connection.id,
      dataSourceId: world.seed.dataSourceId,
      createMissingColumns: true,
      provider: provider(),
      pollIntervalMs: 60_000,
    });
    const completed: string[] = [];
    agent.events.on("sync.completed", (e) => completed.push(e.at));
    await agent.start();
    await until(() => completed.length === 1);
    expect(agent.status().databases[0]?.nextSyncAt).not.toBeNull();

    const draft = world.seed.rows.find((r) => r.sync === "Draft" && !r.badDestination && r.shortUrl === null);
    if (draft) await world.sandbox.control.editPageAsPerson(draft.pageId, { Sync: "Live" });
    await clock.advance(60_000);
    await until(() => completed.length === 2);
    if (draft) expect((await notionRows(world)).get(draft.pageId)?.shortUrl).toMatch(/^http/);
    expect(database.id).toBe(agent.status().databases[0]?.id);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error("the condition never held");
}
