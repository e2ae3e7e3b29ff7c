import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../database/open-database";
import { call, createLink, type LinkBody, visit } from "../testing/shortener-client";
import { createTestSchema, TEST_ENGINES, type TestEngine } from "../testing/test-database";
import { type RunningShortener, type ShortenerOptions, startShortener } from "./start-shortener";

const apiKey = `test-${randomBytes(16).toString("hex")}`;
const running: RunningShortener[] = [];
const cleanup: (() => Promise<void>)[] = [];

/** Where one test's database lives: a PGlite directory, or a schema on the PostgreSQL test server. */
async function databaseFor(engine: TestEngine): Promise<Partial<ShortenerOptions>> {
  if (engine === "pglite") {
    const directory = await mkdtemp(join(tmpdir(), "linksync-shortener-test-"));
    cleanup.push(() => rm(directory, { recursive: true, force: true }));
    return { dataDir: join(directory, "data") };
  }
  const schema = await createTestSchema();
  cleanup.push(schema.drop);
  return { databaseUrl: schema.databaseUrl, databaseSchema: schema.databaseSchema };
}

async function start(database: Partial<ShortenerOptions>, options: Partial<ShortenerOptions> = {}) {
  const shortener = await startShortener({
    apiKey,
    brandedBaseUrl: "https://go.acme.com",
    ...database,
    ...options,
  });
  running.push(shortener);
  return shortener;
}

async function stop(shortener: RunningShortener): Promise<void> {
  running.splice(running.indexOf(shortener), 1);
  await shortener.close();
}

/** Reads the stored click total straight from the database, the way the next instance would. */
async function storedClicks(database: Partial<ShortenerOptions>, linkId: string): Promise<number> {
  const sql = await openDatabase({
    ...(database.databaseUrl !== undefined && { databaseUrl: database.databaseUrl }),
    ...(database.databaseSchema !== undefined && { schema: database.databaseSchema }),
    ...(database.dataDir !== undefined && { dataDir: database.dataDir }),
    onError: () => undefined,
  });
  try {
    const { rows } = await sql.query<{ count: number }>("SELECT count FROM link_clicks WHERE link_id = $1", [
      linkId,
    ]);
    return Number(rows[0]?.count ?? 0);
  } finally {
    await sql.close();
  }
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((shortener) => shortener.close()));
  for (const step of cleanup.splice(0)) await step();
});

describe.each(TEST_ENGINES)("the database (%s)", (engine) => {
  it("keeps links, versions, external ids, UTM templates, clicks and the feed position across a restart", async () => {
    const database = await databaseFor(engine);
    const first = await start(database);
    const link = await createLink(first, {
      destination: "https://example.com/a",
      tags: ["x"],
      externalId: "row-1",
    });
    const edited = await call<LinkBody>(first, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/b" },
      headers: { "x-linksync-source": "zapier" },
    });
    await call(first, "POST", "/api/utm-templates", { body: { tag: "x", template: "utm_campaign={tag}" } });
    for (let i = 0; i < 3; i++) await visit(first, link.slug);
    const { cursor } = (await call<{ cursor: string }>(first, "GET", "/api/links?updated_since=0")).body;
    await stop(first);

    const second = await start(database);
    expect((await call<LinkBody>(second, "GET", `/api/links/${link.id}`)).body).toEqual(edited.body);
    const again = await call<LinkBody>(second, "POST", "/api/links", {
      body: { destination: "https://example.com/a", externalId: "row-1" },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(link.id);
    const clicks = await call<{ clicks: Record<string, { count: number }> }>(
      second,
      "GET",
      `/api/clicks?ids=${link.id}`,
    );
    expect(clicks.body.clicks[link.id]?.count).toBe(3);
    expect((await visit(second, link.slug)).location).toBe("https://example.com/b?utm_campaign=x");
    const later = await createLink(second, { destination: "https://example.com/later" });
    const feed = await call<{ links: LinkBody[] }>(second, "GET", `/api/links?updated_since=${cursor}`);
    expect(feed.body.links.map((l) => l.id)).toEqual([later.id]);
  });

  it("writes every counted click on close, and a second close is harmless", async () => {
    const database = await databaseFor(engine);
    const shortener = await start(database, { clickFlushIntervalMs: 3_600_000 });
    const link = await createLink(shortener, { destination: "https://example.com/" });
    for (let i = 0; i < 4; i++) await visit(shortener, link.slug);
    await Promise.all([shortener.close(), shortener.close()]);
    await shortener.close();
    expect(await storedClicks(database, link.id)).toBe(4);
  });

  it("flushes counted clicks in batches while the service runs", async () => {
    const database = await databaseFor(engine);
    const shortener = await start(database, { clickFlushIntervalMs: 20 });
    const link = await createLink(shortener, { destination: "https://example.com/" });
    for (let i = 0; i < 5; i++) await visit(shortener, link.slug);
    const answer = async () =>
      (
        await call<{ clicks: Record<string, { count: number }> }>(
          shortener,
          "GET",
          `/api/clicks?ids=${link.id}`,
        )
      ).body.clicks[link.id]?.count;
    await vi.waitFor(async () => expect(await answer()).toBe(5));
    if (engine === "postgres")
      await vi.waitFor(async () => expect(await storedClicks(database, link.id)).toBe(5));
  });

  it("refuses to start on a database from a newer server", async () => {
    const database = await databaseFor(engine);
    const first = await start(database);
    await stop(first);
    const sql = await openDatabase({
      ...(database.databaseUrl !== undefined && { databaseUrl: database.databaseUrl }),
      ...(database.databaseSchema !== undefined && { schema: database.databaseSchema }),
      ...(database.dataDir !== undefined && { dataDir: database.dataDir }),
      onError: () => undefined,
    });
    await sql.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')");
    await sql.close();
    await expect(start(database)).rejects.toThrow(/schema version 999, newer than this server knows/);
  });
});

describe("the embedded database", () => {
  it("keeps every acknowledged link when the process is killed in the middle of writes", async () => {
    const database = await databaseFor("pglite");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/bin.ts", "--port", "0", "--data-dir", database.dataDir!],
      {
        cwd: join(import.meta.dirname, "../.."),
        env: { ...process.env, DATABASE_URL: "", LINKSYNC_SHORTENER_API_KEY: apiKey },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const acknowledged: string[] = [];
    try {
      const remote = { url: await listeningUrl(child), apiKey };
      let killed = false;
      const writer = async (worker: number) => {
        for (let i = 0; !killed; i++) {
          const link = await createLink(remote, {
            destination: `https://example.com/${worker}/${i}`,
            externalId: `w${worker}-${i}`,
          }).catch(() => null);
          if (link && !killed) acknowledged.push(link.id);
          if (acknowledged.length >= 150 && !killed) {
            killed = true;
            child.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, worker) => writer(worker)));
    } finally {
      child.kill("SIGKILL");
    }
    const restarted = await start(database);
    const feed = await call<{ links: LinkBody[]; hasMore: boolean }>(
      restarted,
      "GET",
      "/api/links?limit=1000",
    );
    const stored = new Set(feed.body.links.map((link) => link.id));
    expect(feed.body.hasMore).toBe(false);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  }, 120_000);
});

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once("exit", (code) =>
      reject(new Error(`shortener exited with ${code} before listening: ${output}`)),
    );
  });
}
