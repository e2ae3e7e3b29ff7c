// Desktop companion figures: renderer JS bundle size, first paint in headless Chromium, and (with the real engine)
// the headless companion's idle CPU and memory with two 5,000-row databases connected.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium } from "../src/browser-tests/chromium";
import { startHeadlessUi } from "../src/headless/headless-server";
import { ensureRendererBuilt } from "../src/headless/renderer-assets";
import { database, ScriptedAgent } from "../src/testing/scripted-agent";

const PAINT_RUNS = 7;

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
      await page.goto(ui.url);
      await page.waitForSelector(".card");
      const timing = await page.evaluate(() => ({
        paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
        now: performance.now(),
      }));
      paints.push(timing.paint);
      ready.push(timing.now);
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

await bundleSize();
await firstPaint();
