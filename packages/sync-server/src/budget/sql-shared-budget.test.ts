import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { openTestSql, type TestSql } from "../testing/test-sql";
import { SqlSharedBudget } from "./sql-shared-budget";

const worker = fileURLToPath(new URL("./budget-worker.fixture.ts", import.meta.url));

let sandbox: RunningSandbox | null = null;
let db: TestSql | null = null;
afterEach(async () => {
  await sandbox?.close();
  await db?.drop();
  sandbox = null;
  db = null;
});

function runWorker(args: readonly string[]): Promise<{ ok: number; throttled: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!))
        : reject(new Error(`worker ${code}: ${err}`)),
    );
  });
}

/** The most requests the sandbox accepted for one token within any one second, and the 429s it answered. */
async function measuredAtSandbox(running: RunningSandbox) {
  const entries = (await running.control.requestLog()).entries.filter((e) => e.tokenId !== null);
  const accepted = entries.filter((e) => e.status !== 429).map((e) => Date.parse(e.at));
  let maxPerSecond = 0;
  for (const start of accepted) {
    maxPerSecond = Math.max(maxPerSecond, accepted.filter((t) => t >= start && t < start + 1_000).length);
  }
  return { maxPerSecond, tooMany: entries.filter((e) => e.status === 429).length, total: entries.length };
}

describe("one Notion budget per connection across worker processes (PostgreSQL)", () => {
  it("two processes on one token stay within the token's rate limit together, and without the shared budget they do not", async () => {
    // The sandbox allows the token 8 requests/s (burst 2); the connection's budget is 6/s (burst 1): the margin a
    // deployment keeps below Notion's limit covers the time between taking a token and the request's arrival (a
    // process's first requests also open their connections, so they arrive bunched).
    sandbox = await startSandbox({ rateLimit: { perSecond: 8, burst: 2 } });
    const seed = await sandbox.control.seedCampaign({ rows: 1 });
    db = await openTestSql("postgres");
    const { databaseUrl, databaseSchema } = db.postgres!;
    const args = (mode: string, count: number) => [
      databaseUrl,
      databaseSchema,
      sandbox!.baseUrl,
      seed.token,
      String(count),
      mode,
      "6",
    ];

    // Each process alone keeps to 6/s; two of them without a shared budget send twice that and get 429s.
    await sandbox.control.resetRequestLog();
    await Promise.all([runWorker(args("local", 16)), runWorker(args("local", 16))]);
    expect((await measuredAtSandbox(sandbox)).tooMany).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await sandbox.control.resetRequestLog();
    const results = await Promise.all([runWorker(args("shared", 24)), runWorker(args("shared", 24))]);
    expect(results.map((r) => r.ok)).toEqual([24, 24]);
    const measured = await measuredAtSandbox(sandbox);
    expect(measured.tooMany).toBe(0);
    // Within the token's limit in every second (6/s + 1 burst, give or take one request's arrival jitter).
    expect(measured.maxPerSecond).toBeLessThanOrEqual(8);
    expect(measured.total).toBe(48);
  }, 120_000);

  it("a Retry-After seen by one worker pauses the connection for every worker", async () => {
    db = await openTestSql("postgres");
    const onError = (error: unknown) => {
      throw error;
    };
    const first = new SqlSharedBudget(db.sql, {
      connectionId: "conn-1",
      settings: { ratePerSecond: 50 },
      onError,
    });
    const second = new SqlSharedBudget(db.sql, {
      connectionId: "conn-1",
      settings: { ratePerSecond: 50 },
      onError,
    });
    const other = new SqlSharedBudget(db.sql, {
      connectionId: "conn-2",
      settings: { ratePerSecond: 50 },
      onError,
    });
    await first.take("sync");
    await first.pause(800);
    const started = Date.now();
    await other.take("sync");
    expect(Date.now() - started).toBeLessThan(400);
    await second.take("interactive");
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });

  it("an abort while waiting for the budget rejects with the abort's reason", async () => {
    db = await openTestSql("postgres");
    const budget = new SqlSharedBudget(db.sql, {
      connectionId: "conn-1",
      settings: { ratePerSecond: 1, burst: 1 },
      onError: () => {},
    });
    await budget.take("sync");
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error("worker stopping")), 100);
    await expect(budget.take("sync", abort.signal)).rejects.toThrow("worker stopping");
  });
});
