import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AttachInput,
  createAgent,
  createLinksyncShortenerProvider,
  type Link,
  ServerSyncClient,
} from "@linksync/core";
import { startSandbox } from "@linksync/notion-sandbox";
import { startShortener } from "@linksync/shortener";
import { PgClient } from "@linksync/shortener/database";
import { createTestSchema } from "@linksync/shortener/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SyncWorker } from "../worker/sync-worker";
import { syncApi } from "./sync-api";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A Linksync Server as a team runs it: the link service with the sync API on PostgreSQL, one worker process's
 * `SyncWorker` on the same database, the Notion sandbox; a seeded campaign database; and a laptop's data directory.
 */
async function serverAndLaptop() {
  const sandbox = await startSandbox({ rateLimit: { perSecond: 20, burst: 5 } });
  cleanups.push(() => sandbox.close());
  const seed = await sandbox.control.seedCampaign({ rows: 6 });
  const schema = await createTestSchema();
  cleanups.push(() => schema.drop());
  const errors: unknown[] = [];
  const serverSecret = randomBytes(32).toString("base64");
  const shortener = await startShortener({
    apiKey: `key-${randomBytes(8).toString("hex")}`,
    databaseUrl: schema.databaseUrl,
    databaseSchema: schema.databaseSchema,
    apiExtensions: [
      syncApi({
        serverSecret,
        notionBaseUrl: sandbox.baseUrl,
        budget: { ratePerSecond: 10, burst: 2 },
        onError: (error) => errors.push(error),
      }),
    ],
  });
  cleanups.push(() => shortener.close());
  const sql = new PgClient({
    connectionString: schema.databaseUrl,
    schema: schema.databaseSchema,
    onError: (error) => errors.push(error),
  });
  const worker = await SyncWorker.start({
    sql,
    serverSecret,
    notionBaseUrl: sandbox.baseUrl,
    budget: { ratePerSecond: 10, burst: 2 },
    pollIntervalMs: 200,
    onError: (error) => errors.push(error),
  });
  cleanups.push(async () => {
    await worker.stop();
    await sql.close();
  });
  const dataDir = await mkdtemp(join(tmpdir(), "linksync-laptop-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const provider = { kind: "linksync-shortener", baseUrl: shortener.url, apiKey: shortener.apiKey } as const;
  const laptop = () => {
    const agent = createAgent({ dataDir, secretKey: new Uint8Array(32).fill(7) });
    cleanups.push(() => agent.stop());
    return agent;
  };
  const server = new ServerSyncClient({ baseUrl: shortener.url, apiKey: shortener.apiKey });
  /** The user has the server run the database, through the account's API (as the desktop does): its id. */
  const serverRuns = async (): Promise<string> => {
    const connection = await server.connect({
      notionToken: seed.token,
      workspaceName: "Acme",
      providerBaseUrl: shortener.url,
    });
    const database = await server.attach({
      connectionId: connection.id,
      dataSourceId: seed.dataSourceId,
      createMissingColumns: true,
    });
    return database.id;
  };
  const links = async (): Promise<Link[]> => {
    const reader = createLinksyncShortenerProvider(provider);
    const all: Link[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await reader.changesSince(cursor);
      all.push(...page.links);
      if (page.links.length === 0 || page.cursor === cursor) return all;
      cursor = page.cursor;
    }
  };
  const linkable = seed.rows.filter((r) => !r.badDestination && r.shortUrl === null && r.sync === "Live");
  return {
    sandbox,
    seed,
    shortener,
    provider,
    laptop,
    serverRuns,
    links,
    linkable,
    errors,
    server,
  };
}

describe("who runs a database: the server, or a laptop agent", () => {
  it("the server runs it (Sync now through the account's API), a laptop refuses to attach it unless told to run it here too, and every row keeps one link", async () => {
    const { sandbox, seed, provider, laptop, serverRuns, links, linkable, errors, server } =
      await serverAndLaptop();
    // Attaching queues the first run; Sync now queues another (or finds one waiting).
    const id = await serverRuns();
    expect((await server.syncNow(id)).databaseId).toBe(id);
    await vi.waitFor(async () => expect((await server.database(id)).state).toEqual({ kind: "synced" }), {
      timeout: 60_000,
      interval: 250,
    });
    expect((await server.database(id)).linked).toBe(linkable.length);
    expect((await server.whoRuns(seed.dataSourceId)).runBy).toBe("server");

    const agent = laptop();
    const connection = await agent.addConnection({
      auth: { kind: "internal", token: seed.token },
      notionBaseUrl: sandbox.baseUrl,
    });
    const attach: AttachInput = {
      connectionId: connection.id,
      dataSourceId: seed.dataSourceId,
      createMissingColumns: true,
      provider,
    };
    const refused = agent.attachDatabase(attach);
    await expect(refused).rejects.toMatchObject({ code: "server_runs_database" });
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toContain(`The Linksync Server at ${provider.baseUrl} already syncs`);
    expect(message).toContain("--run-here-too");
    expect(message).not.toContain(provider.apiKey);
    expect(agent.status().databases).toEqual([]);

    // The user chooses to run it here too: it syncs, and the one-link-per-row guarantees hold across both.
    const database = await agent.attachDatabase({ ...attach, runHereToo: true });
    const [summary] = await agent.syncNow(database.id);
    expect(summary).toMatchObject({ minted: 0, failed: 0 });
    expect(await links()).toHaveLength(linkable.length);

    // Handed back: the server stops running it, and a laptop attaches it without being told to.
    await server.handBack(id);
    expect(await server.databases()).toEqual([]);
    expect((await server.whoRuns(seed.dataSourceId)).runBy).toBeNull();
    await agent.detachDatabase(database.id);
    expect((await agent.attachDatabase(attach)).id).toBe(database.id);
    expect(errors).toEqual([]);
  });

  it("a laptop that ran a database before the server took it over does not run it at its next start, until told to", async () => {
    const { sandbox, seed, provider, laptop, serverRuns, links, linkable, server } = await serverAndLaptop();
    const before = laptop();
    const connection = await before.addConnection({
      auth: { kind: "internal", token: seed.token },
      notionBaseUrl: sandbox.baseUrl,
    });
    const attach: AttachInput = {
      connectionId: connection.id,
      dataSourceId: seed.dataSourceId,
      createMissingColumns: true,
      provider,
    };
    const database = await before.attachDatabase(attach);
    const [first] = await before.syncNow(database.id);
    expect(first?.minted).toBe(linkable.length);
    await before.stop();

    const id = await serverRuns();
    await vi.waitFor(async () => expect((await server.database(id)).state.kind).toBe("synced"), {
      timeout: 60_000,
      interval: 250,
    });

    const after = laptop();
    await after.start();
    const shown = after.status().databases.find((d) => d.id === database.id);
    expect(shown?.state).toMatchObject({ kind: "error", message: expect.stringContaining("--run-here-too") });
    expect(shown?.nextSyncAt).toBeNull();
    await after.stop();

    // Run here too, on purpose: remembered, so the next start runs it.
    const again = laptop();
    await again.attachDatabase({ ...attach, runHereToo: true });
    await again.stop();
    const next = laptop();
    await next.start();
    await vi.waitFor(
      () =>
        expect(next.status().databases.find((d) => d.id === database.id)?.state).toEqual({ kind: "synced" }),
      { timeout: 30_000, interval: 100 },
    );
    expect(await links()).toHaveLength(linkable.length);
  });
});
