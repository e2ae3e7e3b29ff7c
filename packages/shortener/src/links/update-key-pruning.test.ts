import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PgliteClient } from "../database/pglite-client";
import { jobsSchemaFor, type SqlClient } from "../database/sql-client";
import { JobQueue } from "../jobs/job-queue";
import { startShortener } from "../server/start-shortener";
import { SqlStore } from "../store/sql-store";
import { call, createLink, type LinkBody } from "../testing/shortener-client";
import { openTestDatabase, TEST_ENGINES } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import {
  pruneUpdateKeys,
  schedulePruning,
  UPDATE_KEY_PRUNING_CRON,
  UPDATE_KEY_PRUNING_QUEUE,
  UPDATE_KEY_RETENTION_MS,
} from "./update-key-pruning";

const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.parse("2026-03-01T10:00:00.000Z");

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A link of acct-a edited once per entry of `keys`: key → days after START the keyed edit was made. */
async function keyedEdits(sql: SqlClient, keys: Record<string, number>): Promise<SqlStore> {
  const store = new SqlStore(sql);
  const created = await store.createLink({
    id: `lnk_${randomBytes(6).toString("hex")}`,
    accountId: "acct-a",
    slug: randomBytes(5).toString("hex"),
    destination: "https://example.com/",
    tags: [],
    title: null,
    externalId: null,
    createdAt: new Date(START).toISOString(),
    updatedAt: new Date(START).toISOString(),
    updatedBy: "test",
  });
  if (created.kind !== "created") throw new Error("setup failed");
  for (const [key, days] of Object.entries(keys)) {
    const at = new Date(START + days * DAY_MS).toISOString();
    const outcome = await store.updateLink(
      "acct-a",
      created.link.id,
      {
        destination: `https://example.com/${key}`,
        tags: [],
        updatedAt: at,
        updatedBy: "test",
        idempotencyKey: key,
      },
      null,
    );
    if (outcome.kind !== "updated") throw new Error("setup failed");
  }
  return store;
}

describe.each(TEST_ENGINES)("pruning link PATCH Idempotency-Keys on %s", (engine) => {
  it("deletes the keys older than the retention by the server's clock and keeps the younger", async () => {
    const db = await openTestDatabase(engine);
    cleanup.push(() => db.drop());
    const store = await keyedEdits(db.sql, { old: 0, older: -5, young: 20 });
    const now = START + UPDATE_KEY_RETENTION_MS + DAY_MS;
    expect(await pruneUpdateKeys(db.sql, now)).toBe(2);
    expect(await store.linkUpdatedWithKey("acct-a", "old")).toBeNull();
    expect(await store.linkUpdatedWithKey("acct-a", "older")).toBeNull();
    expect(await store.linkUpdatedWithKey("acct-a", "young")).not.toBeNull();
    expect(await pruneUpdateKeys(db.sql, now)).toBe(0);
  });

  it("runs as a daily job of the durable queue", async () => {
    const db = await openTestDatabase(engine);
    cleanup.push(() => db.drop());
    const store = await keyedEdits(db.sql, { old: 0, young: 20 });
    const jobs = await JobQueue.start(db.sql, { onError: () => undefined, pollIntervalMs: 100 });
    cleanup.push(() => jobs.stop());
    await schedulePruning(jobs, db.sql, () => START + UPDATE_KEY_RETENTION_MS + DAY_MS);
    const { rows } = await db.sql.query<{ cron: string }>(
      `SELECT cron FROM ${jobsSchemaFor(db.sql.schema)}.schedule WHERE name = $1`,
      [UPDATE_KEY_PRUNING_QUEUE.name],
    );
    expect(rows).toEqual([{ cron: UPDATE_KEY_PRUNING_CRON }]);
    // The tick itself is pg-boss's (the job queue's schedule test); here, the job it sends prunes.
    await jobs.enqueue(UPDATE_KEY_PRUNING_QUEUE, {});
    await waitFor(async () => (await store.linkUpdatedWithKey("acct-a", "old")) === null, "the pruning job");
    expect(await store.linkUpdatedWithKey("acct-a", "young")).not.toBeNull();
  });
});

describe("pruning on the embedded engine", () => {
  it("schedules the daily pruning once a first keyed edit is stored, though no webhook ever started the queue", async () => {
    const directory = await mkdtemp(join(tmpdir(), "linksync-prune-"));
    cleanup.push(() => rm(directory, { recursive: true, force: true }));
    const dataDir = join(directory, "db");
    const apiKey = `test-${randomBytes(8).toString("hex")}`;
    const shortener = await startShortener({ apiKey, dataDir });
    try {
      const link = await createLink(shortener, { destination: "https://example.com/a" });
      const edited = await call<LinkBody>(shortener, "PATCH", `/api/links/${link.id}`, {
        body: { destination: "https://example.com/b" },
        headers: { "if-match": '"1"', "idempotency-key": "reset-1" },
      });
      expect(edited.status).toBe(200);
    } finally {
      await shortener.close();
    }
    const sql = await PgliteClient.open({ dataDir });
    try {
      const { rows } = await sql.query<{ cron: string }>(
        `SELECT cron FROM ${jobsSchemaFor(sql.schema)}.schedule WHERE name = $1`,
        [UPDATE_KEY_PRUNING_QUEUE.name],
      );
      expect(rows).toEqual([{ cron: UPDATE_KEY_PRUNING_CRON }]);
    } finally {
      await sql.close();
    }
  }, 60_000);
});
