import { afterEach, describe, expect, it } from "vitest";
import { ServerFixture } from "../testing/server-fixture";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The value of every sample of `name` whose labels include `labels`, summed. */
function sampled(text: string, name: string, labels: Readonly<Record<string, string>>): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = Object.fromEntries(
      [...match[2]!.matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as const),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

describe("a worker's ops port", () => {
  it("answers /health and /ready (503 behind a migration or while stopping), and /metrics counts each connection's Notion requests and 429s as the sandbox saw them, with the queue lag", async () => {
    // The budget is set above the sandbox's limit on purpose, so that Notion answers 429s to count.
    const server = await ServerFixture.start({
      sandboxRate: { perSecond: 3, burst: 2 },
      budget: { ratePerSecond: 12, burst: 4 },
      timings: { runExpireSeconds: 60, expiryCheckSeconds: 15, busyRetryMs: 500, stopTimeoutMs: 5_000 },
    });
    cleanups.push(() => server.close());
    const connection = await server.connect("conn-1");
    const seed = await server.sandbox.control.seedCampaign({ rows: 12 });
    await server.attach("db-1", "conn-1", seed);
    const worker = await server.startWorker("w1", { LINKSYNC_WORKER_OPS_PORT: "0" });
    const url = /Worker ops on (http:\/\/\S+) /.exec(await worker.waitFor(/Worker ops on/))![1]!;

    expect((await fetch(`${url}/health`)).status).toBe(200);
    const ready = await fetch(`${url}/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { ready: true }]);

    const before = (await server.sandbox.control.requestLog()).entries.filter(
      (e) => e.tokenId === connection.tokenId,
    ).length;
    await server.syncNow("db-1");
    await worker.waitFor(/db-1 ran synced$/, 90_000);
    const seen = (await server.sandbox.control.requestLog()).entries
      .filter((e) => e.tokenId === connection.tokenId)
      .slice(before);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const requests = sampled(metrics, "linksync_sync_notion_requests_total", { connection: "conn-1" });
    const throttled = sampled(metrics, "linksync_sync_notion_throttled_total", { connection: "conn-1" });
    console.log(
      `worker metrics: conn-1 ${requests} Notion requests (sandbox saw ${seen.length}), ${throttled} × 429 (sandbox answered ${seen.filter((e) => e.status === 429).length})`,
    );
    expect(requests).toBe(seen.length);
    expect(throttled).toBe(seen.filter((e) => e.status === 429).length);
    expect(throttled).toBeGreaterThan(0);
    expect(
      sampled(metrics, "linksync_sync_queue_lag_seconds_count", { connection: "conn-1", work: "database" }),
    ).toBe(1);
    expect(
      sampled(metrics, "linksync_sync_runs_total", {
        connection: "conn-1",
        work: "database",
        outcome: "ran",
      }),
    ).toBe(1);
    expect(metrics).toContain('linksync_sync_jobs_waiting{queue="linksync-sync-database"} 0');
    // Labelled by connection id, never by token.
    expect(metrics).not.toContain(connection.token);

    // A sync table behind this code's migrations: not ready, and why.
    await server.db.sql.query("DELETE FROM sync_schema_migrations WHERE version = 1");
    const behind = await fetch(`${url}/ready`);
    expect(behind.status).toBe(503);
    expect(((await behind.json()) as { reason: string }).reason).toMatch(/sync server 1 are not applied/);
    await server.db.sql.query("INSERT INTO sync_schema_migrations (version, name) VALUES (1, 'sync_state')");
    expect((await fetch(`${url}/ready`)).status).toBe(200);

    // Stopping (SIGTERM) while a run is in flight: not ready from the signal until the process exits.
    const bigger = await server.sandbox.control.seedCampaign({ rows: 30 });
    await server.attach("db-2", "conn-1", bigger);
    await server.syncNow("db-2");
    await worker.waitFor(/db-2 running \(database\)$/, 60_000);
    worker.child.kill("SIGTERM");
    let stopping: Response | null = null;
    for (let i = 0; i < 100 && stopping === null; i++) {
      const answer = await fetch(`${url}/ready`);
      if (answer.status === 503) stopping = answer;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await stopping?.json()).toEqual({ ready: false, reason: "the worker is stopping" });
    expect(await worker.exited).toBe(0);
    expect(server.errors).toEqual([]);
  }, 120_000);
});
