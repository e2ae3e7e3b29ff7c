/**
 * `npm run bench -w @linksync/sync-server` (or `npm run bench sync-server`): the server's workers against the real
 * sandbox (per-token limit at Notion's 3 requests/s, burst 5) and shortener, on PostgreSQL (`DATABASE_URL`; locally
 * `source scripts/ci-postgres.sh`). Measurements, not pass/fail; bounded to a few minutes.
 *
 *   steady     one worker process, 5 connections × 10 databases of 4 rows: the backfill, then a pass where nothing
 *              changed (what the 5-minute schedule costs): time, Notion requests per database run, and the databases
 *              one worker keeps on a 5-minute schedule at that pace
 *   webhooks   a second worker joins; Notion's webhooks (the sandbox's delivery delay, BENCH_WEBHOOK_DELAY_MS,
 *              default 1000) reach the first: edit→link latency p50/p95 over BENCH_EDITS (default 20) Destination
 *              edits, and Notion requests per edited row
 */
import { loadavg } from "node:os";
import { createLinksyncShortenerProvider } from "@linksync/core";
import type { CampaignSeed } from "@linksync/notion-sandbox";
import { ServerFixture } from "../src/testing/server-fixture";

if ((process.env.DATABASE_URL ?? "").trim() === "") {
  console.error(
    "The sync-server bench needs PostgreSQL: set DATABASE_URL (locally: source scripts/ci-postgres.sh).",
  );
  process.exit(1);
}

const CONNECTIONS = 5;
const DATABASES_PER_CONNECTION = Number(process.env.BENCH_DATABASES_PER_CONNECTION ?? 10);
const ROWS = 4;
const SCHEDULE_S = 300;
const WEBHOOK_DELAY_MS = Number(process.env.BENCH_WEBHOOK_DELAY_MS ?? 1000);
const EDITS = Number(process.env.BENCH_EDITS ?? 20);

const server = await ServerFixture.start({
  sandboxRate: { perSecond: 3, burst: 5 },
  budget: { ratePerSecond: 2.7, burst: 1 },
  timings: { runExpireSeconds: 40, expiryCheckSeconds: 15, busyRetryMs: 2_000, stopTimeoutMs: 10_000 },
});
try {
  const connections = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, i) => server.connect(`conn-${i + 1}`)),
  );
  const databases: { id: string; connectionId: string; seed: CampaignSeed }[] = [];
  for (let c = 0; c < CONNECTIONS; c++) {
    for (let d = 0; d < DATABASES_PER_CONNECTION; d++) {
      const seed = await server.sandbox.control.seedCampaign({
        rows: ROWS,
        title: `C${c + 1} campaign ${d + 1}`,
      });
      databases.push({ id: `db-${c + 1}-${d + 1}`, connectionId: `conn-${c + 1}`, seed });
    }
  }
  await Promise.all(
    connections.map(async (_, c) => {
      for (const d of databases.filter((db) => db.connectionId === `conn-${c + 1}`)) {
        await server.attach(d.id, d.connectionId, d.seed);
      }
    }),
  );
  const requestsOf = async (tokens = connections) => {
    const log = await server.sandbox.control.requestLog();
    return tokens.reduce((sum, { tokenId }) => sum + (log.byToken[tokenId] ?? 0), 0);
  };
  const first = await server.startWorker("w1", { LINKSYNC_NOTION_WEBHOOK_PORT: "0" });
  const ranCount = () => first.lines.filter((line) => / ran synced$/.test(line)).length;

  /** Queues every database and waits until the worker finished `databases.length` more runs. */
  const pass = async () => {
    const before = ranCount();
    const requestsBefore = await requestsOf();
    const startedAt = performance.now();
    for (const d of databases) await server.syncNow(d.id);
    while (ranCount() - before < databases.length) await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      seconds: (performance.now() - startedAt) / 1000,
      requests: (await requestsOf()) - requestsBefore,
    };
  };

  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(" ");
  console.log(`load average at start: ${load()}`);
  const backfill = await pass();
  const steady = await pass();
  const n = databases.length;
  console.log(
    `steady: backfill of ${n} databases (${n * ROWS} rows, ${CONNECTIONS} connections at 2.7 req/s each, queued one connection after another) by one worker: ${backfill.seconds.toFixed(1)} s, ${(backfill.requests / (n * ROWS)).toFixed(2)} Notion requests per row (${(backfill.requests / backfill.seconds).toFixed(1)} req/s of the ${(CONNECTIONS * 2.7).toFixed(1)} the budgets allow); load average ${load()}`,
  );
  const perRun = steady.requests / n;
  console.log(
    `steady: a pass with nothing changed: ${steady.seconds.toFixed(1)} s for ${n} databases, ${perRun.toFixed(2)} Notion requests per database run → one worker keeps ${Math.floor((SCHEDULE_S * n) / steady.seconds)} databases on a ${SCHEDULE_S / 60}-minute schedule at this pace (${CONNECTIONS} connections; each connection's 3 req/s alone allows ${Math.floor((SCHEDULE_S * 3) / perRun)} databases per connection)`,
  );

  // Webhooks: a second worker joins; Notion delivers to the first, the row-sync jobs go to whichever is free.
  await server.startWorker("w2");
  const url = /Notion webhooks in on (http:\/\/\S+)\/notion\/webhooks\//.exec(
    await first.waitFor(/Notion webhooks in on/),
  )?.[1];
  const target = databases.filter((d) => d.connectionId === "conn-1");
  const created = await server.sandbox.control.createWebhookSubscription({
    url: `${url}/notion/webhooks/conn-1`,
    token: connections[0]!.token,
    delayMs: WEBHOOK_DELAY_MS,
  });
  await server.sandbox.control.verifyWebhookSubscription(created.subscriptionId, created.verificationToken);
  const links = createLinksyncShortenerProvider({
    baseUrl: server.shortener.url,
    apiKey: server.shortener.apiKey,
  });
  const latencies: number[] = [];
  const requestsBefore = await requestsOf(connections.slice(0, 1));
  for (let i = 0; i < EDITS; i++) {
    const d = target[i % target.length]!;
    const snapshots = await server.ports.store.snapshots({
      connectionId: "conn-1",
      dataSourceId: d.seed.dataSourceId,
    });
    const [pageId, snapshot] = [...snapshots.entries()][Math.floor(i / target.length) % snapshots.size]!;
    const destination = `https://shop.example.com/bench-${i}`;
    const editedAt = performance.now();
    await server.sandbox.control.editPageAsPerson(pageId, { Destination: destination });
    const deadline = Date.now() + 60_000;
    while ((await links.get(snapshot.linkId))?.destination !== destination) {
      if (Date.now() > deadline) throw new Error(`edit ${i}: the link did not follow in 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    latencies.push(performance.now() - editedAt);
  }
  // Settled: the echoes of the row syncs' own writes delivered (and dropped), nothing more in flight.
  await server.sandbox.control.flushWebhooks();
  const perEdit = ((await requestsOf(connections.slice(0, 1))) - requestsBefore) / EDITS;
  // Deliveries stop before the workers do (the sandbox would retry them against a killed worker until it closes).
  await server.sandbox.control.deleteWebhookSubscription(created.subscriptionId);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `webhooks: edit in Notion → link destination, ${EDITS} edits, delivery delay ${WEBHOOK_DELAY_MS} ms: p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; ${perEdit.toFixed(2)} Notion requests of that connection per edited row (the poll would take up to ${SCHEDULE_S} s); load average ${load()}`,
  );
} finally {
  await server.close();
}
// The in-process shortener's embedded PGlite keeps a timer armed after closing (issue 11: "PGlite timer");
// everything else is closed above, so the bench ends here rather than waiting on it.
process.exit(0);
