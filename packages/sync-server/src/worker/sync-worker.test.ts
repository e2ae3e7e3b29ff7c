import { createNotionGateway } from "@linksync/core";
import { PgClient } from "@linksync/shortener/database";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openTestSql } from "../testing/test-sql";
import { twoWorkers } from "../testing/two-workers";
import { RunLocks } from "./run-locks";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function cluster() {
  const runs: string[] = [];
  const workers = await twoWorkers({
    rows: 8,
    cleanups,
    hooks: () => ({ onRun: (_id, outcome) => runs.push(outcome.kind) }),
  });
  return { ...workers, runs };
}

describe("sync workers on one PostgreSQL", () => {
  it("run a database as a durable job on whichever worker is free, and every row gets exactly one link", async () => {
    const { seed, sandbox, first, second, database, runs, errors } = await cluster();
    const key = { connectionId: "conn-1", dataSourceId: seed.dataSourceId };
    await Promise.all([first.syncNow(database.id), second.syncNow(database.id)]);
    await vi.waitFor(() => expect(runs).toContain("ran"), { timeout: 60_000, interval: 200 });
    await vi.waitFor(
      async () => expect((await first.ports.store.getDatabase(key))?.lastSyncAt).toBeDefined(),
      {
        timeout: 30_000,
      },
    );

    const linkable = seed.rows.filter(
      (row) => !row.badDestination && row.shortUrl === null && row.sync === "Live",
    );
    expect(linkable.length).toBeGreaterThan(0);
    const snapshots = await first.ports.store.snapshots(key);
    const linkIds = [...snapshots.values()].map((s) => s.linkId);
    expect(linkIds.length).toBe(linkable.length);
    expect(new Set(linkIds).size).toBe(linkIds.length);
    const notion = createNotionGateway({ auth: seed.token, baseUrl: sandbox.baseUrl });
    for (const row of linkable) {
      const page = await notion.retrievePage(row.pageId);
      const shortUrl = page.properties["Short URL"];
      expect(shortUrl?.type === "url" ? shortUrl.url : null).toMatch(/^http/);
    }

    // Another run (on either worker) finds nothing to do: no second link for any row.
    const ranBefore = runs.filter((kind) => kind === "ran").length;
    await second.syncNow(database.id);
    await vi.waitFor(() => expect(runs.filter((kind) => kind === "ran").length).toBeGreaterThan(ranBefore), {
      timeout: 60_000,
      interval: 200,
    });
    const after = await first.ports.store.snapshots(key);
    expect([...after.values()].map((s) => s.linkId).sort()).toEqual([...linkIds].sort());
    expect(runs).not.toContain("busy");
    expect(errors).toEqual([]);
  }, 180_000);

  it("at most one run of a database at a time, whichever worker holds it", async () => {
    const db = await openTestSql("postgres");
    cleanups.push(() => db.drop());
    const other = new PgClient({
      connectionString: db.postgres!.databaseUrl,
      schema: db.postgres!.databaseSchema,
      onError: () => {},
    });
    cleanups.push(() => other.close());
    let release: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    const firstRun = new RunLocks(db.sql).run("db-1", () => holding);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await new RunLocks(other).run("db-1", async () => "second")).toEqual({ ran: false });
    expect(await new RunLocks(other).run("db-2", async () => "other database")).toEqual({
      ran: true,
      value: "other database",
    });
    release();
    await firstRun;
    expect(await new RunLocks(other).run("db-1", async () => "after")).toEqual({ ran: true, value: "after" });
  });
});
