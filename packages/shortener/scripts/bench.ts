/**
 * Redirect benchmark: the shortener in this process (click counting on, JSON data file), autocannon in a separate
 * process as the load generator, bounded by a request count and a time limit. Checks the targets of issue 3:
 * ≥ 10,000 redirects/s, p99 < 10 ms, and every request counted (live total and after a restart from the file).
 * Run with `npm run bench -w @linksync/shortener`. Exits 1 when a target is missed.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { type RunningShortener, startShortener } from "../src/index";

const CONNECTIONS = 50;
const WARMUP_REQUESTS = 20_000;
const MEASURED_REQUESTS = 200_000;
const RUN_TIME_LIMIT_MS = 60_000;
const TARGET_RPS = 10_000;
const TARGET_P99_MS = 10;

interface LoadResult {
  readonly completed: number;
  readonly sent: number;
  readonly durationS: number;
  readonly redirects: number;
  readonly otherResponses: number;
  readonly errors: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p99: number;
    readonly p99_9: number;
    readonly max: number;
  };
}

/** The fields of autocannon's `--json` summary this benchmark reads. */
interface AutocannonSummary {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly "1xx": number;
  readonly "2xx": number;
  readonly "3xx": number;
  readonly "4xx": number;
  readonly "5xx": number;
  readonly requests: { readonly total: number; readonly sent: number };
  readonly latency: {
    readonly p50: number;
    readonly p99: number;
    readonly p99_9: number;
    readonly max: number;
  };
}

const autocannonBin = join(
  dirname(createRequire(import.meta.url).resolve("autocannon/package.json")),
  "autocannon.js",
);

async function generateLoad(url: string, requests: number): Promise<LoadResult> {
  const args = [autocannonBin, "--json", "-c", String(CONNECTIONS), "-a", String(requests), url];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    timeout: RUN_TIME_LIMIT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as AutocannonSummary;
  return {
    completed: result.requests.total,
    sent: result.requests.sent,
    durationS: result.duration,
    redirects: result["3xx"],
    otherResponses: result["1xx"] + result["2xx"] + result["4xx"] + result["5xx"],
    errors: result.errors + result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      p99_9: result.latency.p99_9,
      max: result.latency.max,
    },
  };
}

async function api<T>(shortener: RunningShortener, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${shortener.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${shortener.apiKey}`, "content-type": "application/json" },
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

async function countedClicks(shortener: RunningShortener, linkId: string): Promise<number> {
  const { clicks } = await api<{ clicks: Record<string, { count: number }> }>(
    shortener,
    `/api/clicks?ids=${linkId}`,
  );
  return clicks[linkId]?.count ?? 0;
}

// Other work on the machine takes CPU from both the service and the load generator; the report says how busy it was.
const loadBefore = loadavg()[0] ?? 0;
const directory = await mkdtemp(join(tmpdir(), "linksync-shortener-bench-"));
const dataDir = join(directory, "data");
const apiKey = randomBytes(24).toString("base64url");
try {
  const shortener = await startShortener({ apiKey, dataDir, brandedBaseUrl: "https://go.acme.com" });
  const link = await api<{ id: string; slug: string }>(shortener, "/api/links", {
    method: "POST",
    body: JSON.stringify({ destination: "https://example.com/spring?ref=bench", tags: ["spring"] }),
  });
  await api(shortener, "/api/utm-templates", {
    method: "POST",
    body: JSON.stringify({ template: "utm_source=notion&utm_campaign={tag}" }),
  });
  const target = `${shortener.url}/${link.slug}`;

  const warmup = await generateLoad(target, WARMUP_REQUESTS);
  const cpuBefore = process.cpuUsage();
  const run = await generateLoad(target, MEASURED_REQUESTS);
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time per redirect does not depend on how busy the machine is, unlike throughput and latency.
  const cpuPerRedirectUs = (cpu.user + cpu.system) / run.completed;
  const sent = warmup.completed + run.completed;
  const liveCount = await countedClicks(shortener, link.id);
  await shortener.close();

  const reopened = await startShortener({ apiKey, dataDir });
  const persistedCount = await countedClicks(reopened, link.id);
  await reopened.close();

  const rps = run.completed / run.durationS;
  const checks = [
    { name: `redirects/s ≥ ${TARGET_RPS}`, ok: rps >= TARGET_RPS },
    { name: `p99 < ${TARGET_P99_MS} ms`, ok: run.latencyMs.p99 < TARGET_P99_MS },
    { name: "every response a 302, no errors", ok: run.otherResponses + run.errors + warmup.errors === 0 },
    { name: "clicks counted = requests answered", ok: liveCount === sent },
    { name: "clicks persisted = requests answered", ok: persistedCount === sent },
  ];
  console.log(`shortener redirect benchmark: ${CONNECTIONS} connections, ${run.completed} requests measured`);
  console.log(
    `  machine         ${availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before the run`,
  );
  console.log(`  throughput      ${Math.round(rps)} redirects/s over ${run.durationS} s`);
  console.log(
    `  latency (ms)    p50 ${run.latencyMs.p50}  p99 ${run.latencyMs.p99}  p99.9 ${run.latencyMs.p99_9}  max ${run.latencyMs.max}`,
  );
  console.log(
    `  service CPU     ${cpuPerRedirectUs.toFixed(1)} µs per redirect (≈ ${Math.round(1e6 / cpuPerRedirectUs)} redirects/s per free core)`,
  );
  console.log(`  responses       ${run.redirects} × 302, ${run.otherResponses} other, ${run.errors} errors`);
  console.log(
    `  clicks          sent ${sent} (incl. ${warmup.completed} warm-up), counted ${liveCount}, persisted ${persistedCount}`,
  );
  for (const check of checks) console.log(`  ${check.ok ? "PASS" : "FAIL"}  ${check.name}`);
  process.exitCode = checks.every((check) => check.ok) ? 0 : 1;
} finally {
  await rm(directory, { recursive: true, force: true });
}
