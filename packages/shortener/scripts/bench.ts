/**
 * The Linksync Server benchmark (issue 11): for each engine (PostgreSQL from DATABASE_URL, embedded PGlite) and each
 * size (10,000 and 1,000,000 links, seeded with multi-row INSERT … SELECT FROM generate_series), measured through the
 * HTTP API in this process:
 * - create p50/p99 (sequential POST /api/links),
 * - redirect throughput and p99 over many distinct slugs, and its ratio to a bare Node `http` server answering 302
 *   in the same run (autocannon in a separate process; bare and server runs alternate, BENCH_ROUNDS of each, so a
 *   change in the machine's load hits both alike; BENCH_NICE runs the load generator at that nice level),
 * - the redirect cache's memory (heap growth, after a full GC, while the cold pass fills it),
 * - clicks-flush time (from /metrics), and that every 302 was counted,
 * - RSS after the run.
 * Bounded: each seed stops at BENCH_SEED_LIMIT_S (default 240 s) and reports how far it got; each load run lasts
 * BENCH_LOAD_S (default 4 s), BENCH_ROUNDS (default 3) runs each of bare and server. The 1-minute load average is
 * printed with every row: on a shared machine it says how much of a figure is the machine. Choose with BENCH_ENGINES=postgres,pglite and BENCH_SIZES=10000,1000000.
 * Run with `npm run bench -w @linksync/shortener` (needs PostgreSQL: `source scripts/ci-postgres.sh`).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import pg from "pg";
import { Accounts, PRIMARY_ACCOUNT_ID } from "../src/accounts/accounts";
import { migrate } from "../src/database/migrate";
import { openDatabase } from "../src/database/open-database";
import {
  DEFAULT_CLICK_FLUSH_INTERVAL_MS,
  type RunningShortener,
  type ShortenerOptions,
  startShortener,
} from "../src/index";

const ENGINES = (process.env.BENCH_ENGINES ?? "postgres,pglite").split(",");
const SIZES = (process.env.BENCH_SIZES ?? "10000,1000000").split(",").map(Number);
const SEED_LIMIT_MS = Number(process.env.BENCH_SEED_LIMIT_S ?? 240) * 1000;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_S ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NICE = Number(process.env.BENCH_NICE ?? 0);
const DATABASE_URL =
  process.env.DATABASE_URL ?? "postgres://linksync:linksync-ci@127.0.0.1:5432/linksync_test";
const CREATES = 300;
/** Distinct slugs the load spreads over (spread evenly across all links), all within the redirect cache. */
const DISTINCT_SLUGS = 10_000;
const CONNECTIONS = 50;
const SEED_CHUNK = 50_000;
const apiKey = `bench-${randomBytes(12).toString("hex")}`;

interface Load {
  rps: number;
  total: number;
  redirects: number;
  other: number;
  errors: number;
  p50: number;
  p99: number;
}

const run = promisify(execFile);
async function load(url: string, slugFile: string): Promise<Load> {
  const script = join(import.meta.dirname, "redirect-load.mjs");
  const command = [process.execPath, script, url, slugFile, String(LOAD_SECONDS), String(CONNECTIONS)];
  const [file, ...args] = NICE === 0 ? command : ["nice", "-n", String(NICE), ...command];
  const { stdout } = await run(file!, args, {
    timeout: (LOAD_SECONDS + 30) * 1000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Load;
}

/** A load run and the CPU this process (the server under test, bare or ours) spent during it, in µs. */
async function measured(url: string, slugFile: string): Promise<Load & { cpuUs: number }> {
  const before = process.cpuUsage();
  const result = await load(url, slugFile);
  const spent = process.cpuUsage(before);
  return { ...result, cpuUs: spent.user + spent.system };
}

/**
 * Bare and server runs alternate, so both see the same machine; totals, the runs' p99s and the CPU per answer are
 * kept. CPU per answer hardly depends on how busy the machine is, so it compares the two even when the load
 * average does not let either answer fast (PostgreSQL's own CPU is in its processes, not counted here).
 */
async function alternate(
  bareUrl: string,
  serverUrl: string,
  slugFile: string,
): Promise<{ bare: (Load & { cpuUs: number })[]; server: (Load & { cpuUs: number })[] }> {
  const bare: (Load & { cpuUs: number })[] = [];
  const server: (Load & { cpuUs: number })[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await measured(bareUrl, slugFile));
    server.push(await measured(serverUrl, slugFile));
  }
  return { bare, server };
}

const sum = <Run extends Load>(loads: readonly Run[], key: keyof Run & string) =>
  loads.reduce((total, run) => total + Number(run[key]), 0);
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const loadAverage = () => Number(loadavg()[0]!.toFixed(1));

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
/** Heap in use after a full collection, in MB. */
function liveHeapMb(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 1e6;
}

/** A bare Node server answering every request with the same 302: the ceiling for this machine right now. */
async function bareRedirectServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_, response) => {
    response.writeHead(302, {
      Location: "https://example.com/",
      "Cache-Control": "no-store",
      "Content-Length": "0",
    });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function prepare(
  engine: string,
): Promise<{ options: Partial<ShortenerOptions>; drop(): Promise<void> }> {
  if (engine === "pglite") {
    const directory = await mkdtemp(join(tmpdir(), "linksync-bench-"));
    return {
      options: { dataDir: join(directory, "db") },
      drop: () => rm(directory, { recursive: true, force: true }),
    };
  }
  const schema = `bench_${randomBytes(6).toString("hex")}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await admin(`CREATE SCHEMA ${schema}`);
  return {
    options: { databaseUrl: DATABASE_URL, databaseSchema: schema },
    drop: () => admin(`DROP SCHEMA ${schema} CASCADE`),
  };
}

/** Seeds `size` links with multi-row INSERT … SELECT (chunks of 50,000), stopping at the time limit. */
async function seed(
  options: Partial<ShortenerOptions>,
  size: number,
): Promise<{ seeded: number; seconds: number }> {
  const sql = await openDatabase({
    ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
    ...(options.databaseSchema !== undefined && { schema: options.databaseSchema }),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    onError: (error) => console.error(error),
  });
  const started = performance.now();
  let seeded = 0;
  try {
    await migrate(sql);
    await Accounts.configure(sql, [{ id: PRIMARY_ACCOUNT_ID, name: "Bench", apiKey }]);
    while (seeded < size && performance.now() - started < SEED_LIMIT_MS) {
      const last = Math.min(size, seeded + SEED_CHUNK);
      await sql.query(
        `INSERT INTO links (id, account_id, slug, destination, tags, title, external_id, version, change_seq,
                            created_at, updated_at, updated_by)
         SELECT 'lnk_b' || i, $3, 'b' || i, 'https://example.com/p/' || i, ARRAY['bench'], NULL, 'ext-' || i, 1,
                nextval('link_change_seq'), now(), now(), 'bench'
         FROM generate_series($1::integer, $2::integer) AS i`,
        [seeded + 1, last, PRIMARY_ACCOUNT_ID],
      );
      seeded = last;
    }
    await sql.exec("ANALYZE links");
  } finally {
    await sql.close();
  }
  return { seeded, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function api<T>(shortener: RunningShortener, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${shortener.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

async function countedClicks(shortener: RunningShortener, ids: readonly string[]): Promise<number> {
  let total = 0;
  for (let start = 0; start < ids.length; start += 1000) {
    const { clicks } = await api<{ clicks: Record<string, { count: number }> }>(
      shortener,
      "POST",
      "/api/clicks",
      {
        ids: ids.slice(start, start + 1000),
      },
    );
    for (const tally of Object.values(clicks)) total += tally.count;
  }
  return total;
}

function metric(text: string, name: string): number {
  return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
}

const rows: Record<string, string | number>[] = [];
const workDir = await mkdtemp(join(tmpdir(), "linksync-bench-slugs-"));
console.log(
  `load average at start: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")}`,
);
for (const engine of ENGINES) {
  for (const size of SIZES) {
    const database = await prepare(engine);
    try {
      const { seeded, seconds: seedSeconds } = await seed(database.options, size);
      console.log(`${engine} ${size}: seeded ${seeded} links in ${seedSeconds.toFixed(1)} s`);
      const shortener = await startShortener({ apiKey, ...database.options });
      try {
        const latencies: number[] = [];
        for (let i = 0; i < CREATES; i++) {
          const started = performance.now();
          await api(shortener, "POST", "/api/links", { destination: `https://example.com/new/${i}` });
          latencies.push(performance.now() - started);
        }
        latencies.sort((a, b) => a - b);

        const picks = Array.from(
          { length: Math.min(DISTINCT_SLUGS, seeded) },
          (_, i) => 1 + Math.floor(((i + Math.random()) * seeded) / Math.min(DISTINCT_SLUGS, seeded)),
        );
        const slugFile = join(workDir, `${engine}-${size}.json`);
        await writeFile(slugFile, JSON.stringify(picks.map((n) => `b${n}`)));
        const bare = await bareRedirectServer();
        // Cold: every distinct slug once (each a cache miss, an indexed lookup), 25 at a time.
        const heapBeforeMb = liveHeapMb();
        const coldStarted = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: 25 }, async () => {
            while (next < picks.length) {
              const slug = `b${picks[next++]}`;
              // Once more on a reset: a keep-alive socket the server closed just as it was reused.
              const get = () => fetch(`${shortener.url}/${slug}`, { redirect: "manual" });
              const response = await get().catch(get);
              await response.arrayBuffer();
              if (response.status !== 302) throw new Error(`/${slug} answered ${response.status}`);
            }
          }),
        );
        const coldRps = picks.length / ((performance.now() - coldStarted) / 1000);
        const cacheMb = liveHeapMb() - heapBeforeMb;
        const loadBefore = loadAverage();
        const runs = await alternate(bare.url, shortener.url, slugFile);
        const loadAfter = loadAverage();
        await bare.close();
        const redirects = sum(runs.server, "redirects");
        const serverRps = sum(runs.server, "total") / (ROUNDS * LOAD_SECONDS);
        const bareRps = sum(runs.bare, "total") / (ROUNDS * LOAD_SECONDS);
        // One flush interval, so the clicks of the last requests (answered after autocannon's deadline) are in.
        await new Promise((resolve) => setTimeout(resolve, DEFAULT_CLICK_FLUSH_INTERVAL_MS + 200));
        const counted = await countedClicks(
          shortener,
          [...new Set(picks)].map((n) => `lnk_b${n}`),
        );
        const metricsText = await (await fetch(`${shortener.url}/metrics`)).text();
        const flushes = metric(metricsText, "linksync_clicks_flush_seconds_count");
        const flushSum = metric(metricsText, "linksync_clicks_flush_seconds_sum");
        const rssMb = process.memoryUsage().rss / 1e6;
        rows.push({
          engine,
          links: seeded,
          "seed s": Number(seedSeconds.toFixed(1)),
          "create p50 ms": Number(percentile(latencies, 50).toFixed(2)),
          "create p99 ms": Number(percentile(latencies, 99).toFixed(2)),
          "redirect/s": Math.round(serverRps),
          "bare 302/s": Math.round(bareRps),
          ratio: Number((serverRps / bareRps).toFixed(2)),
          // Median and worst of the rounds' p99, for the server and for the bare server beside it.
          "redirect p99 ms": `${median(runs.server.map((r) => r.p99))} (max ${Math.max(...runs.server.map((r) => r.p99))})`,
          "bare p99 ms": `${median(runs.bare.map((r) => r.p99))} (max ${Math.max(...runs.bare.map((r) => r.p99))})`,
          "CPU µs/302 vs bare": `${Math.round(sum(runs.server, "cpuUs") / sum(runs.server, "total"))} / ${Math.round(sum(runs.bare, "cpuUs") / sum(runs.bare, "total"))}`,
          "cold miss/s": Math.round(coldRps),
          "non-302": sum(runs.server, "other") + sum(runs.server, "errors"),
          // autocannon stops counting at its deadline; the server may still answer (and count) a few in flight.
          "clicks counted ≥ 302s": counted >= picks.length + redirects ? "yes" : `NO ${counted}`,
          "cache MB": Number(cacheMb.toFixed(1)),
          "load avg": `${loadBefore}→${loadAfter}`,
          "flush mean ms": Number(((flushSum / flushes) * 1000).toFixed(1)),
          "RSS MB": Math.round(rssMb),
        });
        console.log(rows.at(-1));
      } finally {
        await shortener.close();
      }
    } finally {
      await database.drop();
    }
  }
}
await rm(workDir, { recursive: true, force: true });
console.table(rows);
console.log(
  `load average at end: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")}`,
);
process.exit(0);
