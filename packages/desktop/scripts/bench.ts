// Desktop companion figures: renderer JS bundle size, first paint in headless Chromium, and the headless
// companion's idle CPU and memory with two 5,000-row databases connected (real agent, sandbox, shortener).
// `--rows N` changes the database size; `--skip-idle` measures only the renderer.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startSandbox } from "@linksync/notion-sandbox";
import { startShortener } from "@linksync/shortener";
import { startHeadlessUi } from "../src/headless/headless-server";
import { ensureRendererBuilt } from "../src/headless/renderer-assets";
import { launchChromium } from "../src/testing/browser/chromium";
import { database, ScriptedAgent } from "../src/testing/scripted-agent";
import type { IdleConfig } from "./idle-companion";

const PAINT_RUNS = 7;

/** Notes when the first database card is in the page (the dashboard showing data). */
const READY_PROBE = `new MutationObserver((_, observer) => {
  if (document.querySelector(".card")) {
    globalThis.linksyncReadyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });`;

async function bundleSize(): Promise<void> {
  const root = await ensureRendererBuilt();
  const assets = join(root, "assets");
  for (const ext of [".js", ".css"]) {
    const files = readdirSync(assets).filter((file) => file.endsWith(ext));
    const raw = files.reduce((sum, file) => sum + readFileSync(join(assets, file)).length, 0);
    const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(assets, file))).length, 0);
    console.log(
      `renderer ${ext.slice(1).padEnd(3)} bundle: ${kb(raw)} raw, ${kb(gzip)} gzip (${files.length} file)`,
    );
  }
}

async function firstPaint(): Promise<void> {
  const agent = new ScriptedAgent();
  agent.databases = [database("db-1", "Campaign links"), database("db-2", "Events")];
  const ui = await startHeadlessUi({
    agent,
    dataDir: mkdtempSync(join(tmpdir(), "linksync-bench-")),
    port: 0,
  });
  const browser = await launchChromium();
  const paints: number[] = [];
  const ready: number[] = [];
  try {
    for (let run = 0; run < PAINT_RUNS; run++) {
      const page = await browser.newPage();
      // Timed inside the page, so the figure does not include the test driver's polling.
      await page.addInitScript({ content: READY_PROBE });
      await page.goto(ui.url);
      await page.waitForSelector(".card");
      const timing = await page.evaluate(() => ({
        paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
        ready: (globalThis as { linksyncReadyAt?: number }).linksyncReadyAt ?? Number.NaN,
      }));
      paints.push(timing.paint);
      ready.push(timing.ready);
      await page.close();
    }
  } finally {
    await browser.close();
    await ui.close();
  }
  console.log(
    `renderer first contentful paint: median ${ms(median(paints))} (${PAINT_RUNS} runs, target < 1 s)`,
  );
  console.log(`renderer dashboard ready (data shown): median ${ms(median(ready))}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function idleCompanion(rows: number): Promise<void> {
  const sandbox = await startSandbox({ rateLimit: false });
  const shortener = await startShortener({ apiKey: "sk_bench_idle" });
  try {
    const seeds = [
      await sandbox.control.seedCampaign({ rows, title: "Spring Campaign" }),
      await sandbox.control.seedCampaign({ rows, title: "Autumn Campaign" }),
    ];
    const config: Omit<IdleConfig, "mode"> = {
      dataDir: mkdtempSync(join(tmpdir(), "linksync-bench-idle-")),
      notionBaseUrl: sandbox.baseUrl,
      databases: seeds.map((seed) => ({ token: seed.token, dataSourceId: seed.dataSourceId })),
      shortener: { baseUrl: shortener.url, apiKey: shortener.apiKey },
      requestsPerSecond: 1000,
      idleMs: 30_000,
    };
    const backfill = await runCompanion({ ...config, mode: "backfill" });
    console.log(
      `companion backfill: ${backfill.rows} rows linked in ${backfill.backfillSeconds?.toFixed(0)} s (two databases)`,
    );
    const idle = await runCompanion({ ...config, mode: "idle" });
    console.log(
      `companion idle after a restart (30 s, ${idle.databases} databases, ${idle.rows} rows linked): CPU ${idle.idleCpuPercent?.toFixed(2)}%, RSS ${idle.rssMb?.toFixed(0)} MB, heap ${idle.heapUsedMb?.toFixed(0)} MB (target ~0% and < 150 MB)`,
    );
  } finally {
    await shortener.close();
    await sandbox.close();
  }
}

/** Runs the companion in its own Node process (with tsx, as `linksync ui` runs) and returns the figures it prints. */
async function runCompanion(config: IdleConfig): Promise<Record<string, number>> {
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(import.meta.dirname, "idle-companion.ts")],
    {
      env: { ...process.env, LINKSYNC_IDLE_CONFIG: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the companion (${config.mode}) exited with ${code}`);
  return JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
}

const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1];
await bundleSize();
await firstPaint();
if (!process.argv.includes("--skip-idle")) {
  await idleCompanion(process.argv.includes("--rows") ? Number(argument("--rows")) : 5_000);
}
