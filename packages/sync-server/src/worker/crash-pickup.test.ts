import { afterEach, describe, expect, it } from "vitest";
import { ServerFixture } from "../testing/server-fixture";
import { stopWorkerProcess, type WorkerProcess } from "../testing/worker-process";
import type { SyncTimings } from "./sync-worker";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SANDBOX_RATE = { perSecond: 6, burst: 2 };
const BUDGET = { ratePerSecond: 4, burst: 1 };

/**
 * Two real worker processes; the one that starts the database's run is stopped (`signal`) once the run has made
 * some Notion requests. Answers the survivor, the victim, and when the victim was stopped.
 */
async function stopTheRunner(timings: SyncTimings, signal: NodeJS.Signals) {
  const server = await ServerFixture.start({ sandboxRate: SANDBOX_RATE, budget: BUDGET, timings });
  cleanups.push(() => server.close());
  const seed = await server.sandbox.control.seedCampaign({ rows: 30 });
  const { tokenId } = await server.connect("conn-1");
  await server.attach("db-1", "conn-1", seed);
  const workers = await Promise.all([server.startWorker("a"), server.startWorker("b")]);
  const requestsBefore = (await server.sandbox.control.requestLog()).byToken[tokenId] ?? 0;
  await server.syncNow("db-1");
  const victim = await Promise.race(
    workers.map((worker) => worker.waitFor(/db-1 running \(database\)/).then(() => worker)),
  );
  const survivor = workers.find((worker) => worker !== victim) as WorkerProcess;
  // Mid-run: the run has made a few of its requests (the backfill of 30 rows makes dozens).
  for (;;) {
    const made = ((await server.sandbox.control.requestLog()).byToken[tokenId] ?? 0) - requestsBefore;
    if (made >= 8) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stoppedAt = performance.now();
  victim.child.kill(signal);
  return { server, seed, victim, survivor, stoppedAt, tokenId };
}

describe("a worker that dies or stops mid-run", () => {
  it("SIGKILL: another worker process picks the database up once the run's job expires, and no row gets a second link", async () => {
    const timings = { runExpireSeconds: 5, expiryCheckSeconds: 1, busyRetryMs: 500, stopTimeoutMs: 10_000 };
    const { server, seed, victim, survivor, stoppedAt } = await stopTheRunner(timings, "SIGKILL");
    expect(await victim.exited).toBeNull();
    await survivor.waitFor(/db-1 running \(database\)/, 30_000);
    const pickupMs = performance.now() - stoppedAt;
    await survivor.waitFor(/db-1 ran synced/, 60_000);
    console.log(
      `crashed worker: database picked up by another process ${(pickupMs / 1000).toFixed(1)} s after SIGKILL (run expiry ${timings.runExpireSeconds} s, expiry check ${timings.expiryCheckSeconds} s)`,
    );
    // Expiry + the expiry check + pg-boss's retry delay (2 s) + a poll, with some slack for a loaded machine.
    expect(pickupMs).toBeLessThan((timings.runExpireSeconds + timings.expiryCheckSeconds + 2 + 1 + 5) * 1000);
    expect(await server.problems("db-1", "conn-1", seed)).toEqual([]);
    const linkable = seed.rows.filter(
      (row) => !row.badDestination && row.shortUrl === null && row.sync === "Live",
    );
    expect(await server.links()).toHaveLength(linkable.length);
    expect(server.errors).toEqual([]);
  }, 150_000);

  it("SIGTERM: the stopping worker hands its run back at once (long before the job would expire) and exits 0", async () => {
    const timings = { runExpireSeconds: 120, expiryCheckSeconds: 1, busyRetryMs: 500, stopTimeoutMs: 300 };
    const { server, seed, victim, survivor, stoppedAt } = await stopTheRunner(timings, "SIGTERM");
    expect(await victim.exited).toBe(0);
    const exitMs = performance.now() - stoppedAt;
    await survivor.waitFor(/db-1 running \(database\)/, 30_000);
    const pickupMs = performance.now() - stoppedAt;
    await survivor.waitFor(/db-1 ran synced/, 60_000);
    console.log(
      `stopped worker: exited ${(exitMs / 1000).toFixed(1)} s after SIGTERM, run handed back and picked up ${(pickupMs / 1000).toFixed(1)} s after it (job expiry ${timings.runExpireSeconds} s)`,
    );
    expect(victim.lines.join("\n")).toContain("stopping");
    expect(pickupMs).toBeLessThan(20_000);
    expect(await server.problems("db-1", "conn-1", seed)).toEqual([]);
    const linkable = seed.rows.filter(
      (row) => !row.badDestination && row.shortUrl === null && row.sync === "Live",
    );
    expect(await server.links()).toHaveLength(linkable.length);
    await stopWorkerProcess(survivor, "SIGTERM");
    expect(server.errors).toEqual([]);
  }, 150_000);
});
