/**
 * `npm run bench -w @linksync/core`: the engine's figures against the real sandbox and shortener on loopback.
 * Measurements, not pass/fail: each prints what it measured next to its target.
 *
 *   backfill   links first, then QR codes, for 10,000 rows: at 3 req/s extrapolated from a paced run of 100 rows,
 *              at 50 req/s measured (the QR phase over 60 s, extrapolated): requests until the last link per row,
 *              time to all links vs the physical limit (rows × 1.02 ÷ rate), time to all QR codes, 429s; with
 *              uploaded QR codes, then with QR codes Notion imports (`qrImages: auto` picks import for a public
 *              https shortener, upload otherwise); the load average next to each run
 *   no-change  a cycle over 10,000 linked rows where nothing changed: Notion requests
 *   clicks     a clicks refresh over those 10,000 rows with 1% of counts changed: page updates
 *   edits      cycles over 1,000 linked rows after 100 edits of one kind (Notion Destination pushed, link tags
 *              merged into Notion, tags edited on both sides, outside Destination pulled): Notion requests per edited
 *              row, re-reads included
 *   planning   planning a cycle over 100,000 rows in memory: time and RSS
 *   state      the agent state store during a backfill of 10,000 and 100,000 rows: flush time, longest event-loop
 *              stall (bench-state.ts)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "@linksync/notion-sandbox";
import { renderQrPng } from "@linksync/qr-png";
import { startShortener } from "@linksync/shortener";
import { changedSinceSnapshot } from "../src/engine/cycle";
import {
  type Agent,
  type Clock,
  createAgent,
  type Link,
  type QrImages,
  type Row,
  type RowSnapshot,
  type SchedulerTuning,
  SecretBox,
  systemClock,
} from "../src/index";
import { planRow } from "../src/planning/plan-row";
import { qrFileNameFor } from "../src/planning/qr-file-name";
import { mappedColumns } from "../src/planning/row-gates";
import { measureState } from "./bench-state";

const API_KEY = "bench-key";

interface Setup {
  readonly agent: Agent;
  readonly databaseId: string;
  readonly sandbox: Awaited<ReturnType<typeof startSandbox>>;
  readonly shortener: Awaited<ReturnType<typeof startShortener>>;
  close(): Promise<void>;
}

/** Real time that the bench can move forward, in step with the sandbox's clock. */
class MovableClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

async function setup(
  rows: number,
  limit: number | false,
  agentRate: number,
  clicksIntervalMs?: number,
  clock?: Clock,
  scheduler?: SchedulerTuning,
  qrImages: QrImages = "upload",
): Promise<Setup> {
  const sandbox = await startSandbox({
    rateLimit: limit === false ? false : { perSecond: limit, burst: limit },
    // `qrImages: import`: the sandbox downloads the QR codes from the shortener, which serves http on loopback (a
    // public https shortener, as far as the bench is concerned).
    allowHttpImports: true,
    allowPrivateImports: true,
  });
  const dataDir = await mkdtemp(join(tmpdir(), "linksync-bench-"));
  // Its own embedded database, closed with it: the in-memory one is shared by the process and never closed, and
  // PostgreSQL's timers in it (the idle stats flush, 10 s) would keep the bench's process alive once it is done.
  const shortener = await startShortener({ apiKey: API_KEY, dataDir: join(dataDir, "shortener") });
  const seed = await sandbox.control.seedCampaign({ rows });
  const agent = createAgent({
    dataDir,
    secretKey: SecretBox.generateKey(),
    ...(clock ? { clock } : {}),
    ...(clicksIntervalMs !== undefined ? { clicksIntervalMs } : {}),
    ...(scheduler ? { scheduler } : {}),
  });
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: seed.token },
    notionBaseUrl: sandbox.baseUrl,
    requestsPerSecond: agentRate,
  });
  const database = await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: seed.dataSourceId,
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", baseUrl: shortener.url, apiKey: API_KEY },
    qrImages,
  });
  return {
    agent,
    databaseId: database.id,
    sandbox,
    shortener,
    close: async () => {
      await agent.stop();
      await Promise.all([sandbox.close(), shortener.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function figure(label: string, value: string, target: string): void {
  console.log(`  ${label.padEnd(44)} ${value.padStart(12)}   (target ${target})`);
}

interface BackfillFigures {
  readonly rows: number;
  readonly rate: number;
  readonly qrImages: QrImages;
  /** Rows the links phase processed: linked, or marked bad (Sync Error), one page update each. */
  readonly processed: number;
  readonly minted: number;
  /** Notion requests until the last link was written (the schema check and queries included). */
  readonly linkRequests: number;
  /** Of which fixed per run, whatever the row count (schema reads). */
  readonly fixedRequests: number;
  readonly linksSeconds: number;
  /** QR codes uploaded in the measured window, and how long the QR phase ran. */
  readonly qrDone: number;
  readonly qrSeconds: number;
  readonly qrRequests: number;
  readonly throttled: number;
  readonly total: number;
  /** The machine's 1-minute load average when the run started and ended (other work shares its cores). */
  readonly load: readonly [number, number];
}

/**
 * Links first at `rate` requests/s (sandbox limit and agent budget alike): the backfill of `rows` rows, measured to
 * its last link; then its QR phase for at most `qrWindowMs` (Notion is then made to fail, so the run stops).
 */
async function measureBackfill(
  rows: number,
  rate: number,
  qrWindowMs: number,
  qrImages: QrImages,
): Promise<BackfillFigures> {
  const world = await setup(rows, rate, rate, undefined, undefined, { maxElapsedMs: 2_000 }, qrImages);
  // Let the interactive reserve opened by attach lapse, as it would before a scheduled backfill.
  await new Promise((resolve) => setTimeout(resolve, 10_500));
  await world.sandbox.control.resetRequestLog();
  const loadAtStart = loadavg()[0] ?? 0;
  const started = performance.now();
  let linksAt: number | null = null;
  let qrStartedAt: number | null = null;
  let qrDone = 0;
  let qrAt = started;
  let stopQr: () => void = () => undefined;
  const qrWindowOver = new Promise<void>((resolve) => {
    stopQr = resolve;
  });
  const off = world.agent.events.on("sync.progress", (p) => {
    if (p.phase !== "backfill" || !p.qr) return;
    if (linksAt === null && p.done === p.total && p.total > 0) {
      linksAt = performance.now();
      qrStartedAt = linksAt;
      setTimeout(stopQr, qrWindowMs).unref();
    }
    if (p.qr.done > qrDone) {
      qrDone = p.qr.done;
      qrAt = performance.now();
    }
    if (p.qr.done === p.qr.total && linksAt !== null) stopQr();
  });
  const run = world.agent.syncNow(world.databaseId);
  await Promise.race([run, qrWindowOver]);
  const log = await world.sandbox.control.requestLog();
  await world.sandbox.control.setFaults({ rules: [{ errorRate: 1, status: 503 }] });
  const [summary] = await run;
  off();
  const firstUpload = log.entries.findIndex((e) => e.endpoint.startsWith("POST /v1/file_uploads"));
  const linkEntries = firstUpload === -1 ? log.entries : log.entries.slice(0, firstUpload);
  const processed = linkEntries.filter((e) => e.endpoint === "PATCH /v1/pages/{page_id}").length;
  const fixedRequests = linkEntries.filter(
    (e) => e.endpoint === "GET /v1/data_sources/{data_source_id}",
  ).length;
  const qrEntries = firstUpload === -1 ? [] : log.entries.slice(firstUpload);
  const figures: BackfillFigures = {
    rows,
    rate,
    qrImages,
    processed,
    minted: summary?.minted ?? 0,
    linkRequests: linkEntries.length,
    fixedRequests,
    linksSeconds: ((linksAt ?? performance.now()) - started) / 1000,
    qrDone,
    qrSeconds: (qrAt - (qrStartedAt ?? qrAt)) / 1000,
    qrRequests: qrEntries.length,
    throttled: log.entries.filter((e) => e.status === 429).length,
    total: log.total,
    load: [loadAtStart, loadavg()[0] ?? 0],
  };
  await world.close();
  return figures;
}

function printBackfill(f: BackfillFigures, target: number, how: string): void {
  const perRow = (f.linkRequests - f.fixedRequests) / f.processed;
  const linkRequests = f.fixedRequests + perRow * target;
  const requestRate = f.linkRequests / f.linksSeconds;
  const linksSeconds = linkRequests / requestRate;
  const limitSeconds = (target * 1.02) / f.rate;
  const qrRate = f.qrDone / Math.max(f.qrSeconds, 0.001);
  const qrSeconds = linksSeconds + (target * (f.minted / f.processed)) / qrRate;
  const hours = (seconds: number) =>
    seconds >= 3_600 ? `${(seconds / 3_600).toFixed(2)} h` : `${(seconds / 60).toFixed(1)} min`;
  console.log(
    `  ${target.toLocaleString("en-US")} rows at ${f.rate} req/s, qrImages: ${f.qrImages}, ${how}:`,
  );
  figure("requests until the last link, per row", (linkRequests / target).toFixed(3), "≤ 1.02");
  figure(
    "time to all links (vs rows × 1.02 ÷ rate)",
    `${hours(linksSeconds)} (${((limitSeconds / linksSeconds) * 100).toFixed(1)} %)`,
    `≥ 95 % of ${hours(limitSeconds)}`,
  );
  figure(
    "time to all QR codes",
    `${hours(qrSeconds)}`,
    `≤ ${hours((target * 3.0) / f.rate)} (rows × 3.0 ÷ rate)`,
  );
  figure(
    "QR: requests per QR code",
    (f.qrRequests / Math.max(f.qrDone, 1)).toFixed(2),
    f.qrImages === "import" ? "2 + 1/90 (import, update; status list)" : "3 (create, send, update)",
  );
  figure(
    "429s received",
    `${f.throttled} of ${f.total} (${((f.throttled / f.total) * 100).toFixed(2)} %)`,
    "≤ 1 %",
  );
  figure(
    "measured",
    `${f.processed} rows in ${f.linksSeconds.toFixed(0)} s, ${f.qrDone} QR in ${f.qrSeconds.toFixed(0)} s`,
    "-",
  );
  figure("load average (1 min) at start → end", `${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}`, "-");
}

async function backfillBench(): Promise<void> {
  console.log(
    "backfill, links first then QR codes, against the sandbox (its rate limit = the agent's budget)",
  );
  // Uploaded QR codes (what `qrImages: auto`, the default, does for a shortener Notion cannot reach), then QR codes
  // Notion imports from the shortener (what `auto` does for a public https shortener; the sandbox plays it on
  // loopback); `--qr=upload|import` and `--rate=3|50` run one of them.
  for (const qrImages of ["upload", "import"] as const) {
    if (!flagAllows("qr", qrImages)) continue;
    // Notion's 3 requests/s: a paced run of 100 rows (links, then every QR), extrapolated to 10,000.
    if (flagAllows("rate", "3")) {
      printBackfill(
        await measureBackfill(100, 3, 120_000, qrImages),
        10_000,
        "extrapolated from a paced run of 100 rows",
      );
    }
    // 50 requests/s: 10,000 rows measured to the last link; the QR phase measured for 60 s and extrapolated.
    if (flagAllows("rate", "50")) {
      printBackfill(
        await measureBackfill(10_000, 50, 60_000, qrImages),
        10_000,
        "links measured, QR codes over 60 s",
      );
    }
  }
}

async function steadyStateBench(): Promise<void> {
  const rows = 10_000;
  console.log(`\nsteady state: ${rows} linked rows (setup backfills them without a rate limit)`);
  const clock = new MovableClock();
  const world = await setup(rows, false, 5_000, 0, clock);
  await world.agent.syncNow(world.databaseId); // backfill + first full cycle + first clicks refresh
  // Five minutes later (both clocks), a cycle moves the watermark past the setup's writes and their overlap.
  clock.advance(5 * 60_000);
  await world.sandbox.control.advanceClock(5 * 60_000);
  await world.agent.syncNow(world.databaseId);
  clock.advance(5 * 60_000);
  await world.sandbox.control.advanceClock(5 * 60_000);
  await world.sandbox.control.resetRequestLog();
  const [quiet] = await world.agent.syncNow(world.databaseId);
  const quietLog = await world.sandbox.control.requestLog();
  figure(
    "no-change cycle: query requests",
    String(quietLog.byEndpoint["POST /v1/data_sources/{data_source_id}/query"] ?? 0),
    "1",
  );
  figure("no-change cycle: all Notion requests", String(quietLog.total), "1");
  figure("no-change cycle: writes", String((quiet?.updated ?? 0) + (quiet?.minted ?? 0)), "0");

  const provider = (await import("../src/index")).createLinksyncShortenerProvider({
    baseUrl: world.shortener.url,
    apiKey: API_KEY,
  });
  const links = (await provider.changesSince(null)).links;
  const clicked = links.slice(0, Math.round(links.length / 100));
  for (const link of clicked) await fetch(link.shortUrl, { redirect: "manual" });
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // the shortener flushes counts every second
  await world.sandbox.control.resetRequestLog();
  const started = performance.now();
  await world.agent.syncNow(world.databaseId);
  const seconds = (performance.now() - started) / 1000;
  const clicksLog = await world.sandbox.control.requestLog();
  figure(
    `clicks refresh: page updates (${clicked.length} of ${links.length} changed)`,
    String(clicksLog.byEndpoint["PATCH /v1/pages/{page_id}"] ?? 0),
    `≈ ${clicked.length}`,
  );
  figure("clicks refresh: all Notion requests", String(clicksLog.total), "≈ 1% of rows + 2");
  figure("clicks refresh: duration", `${seconds.toFixed(2)} s`, "-");
  await world.close();
}

/**
 * What an edit costs in Notion requests, by kind: a plan that writes a column Notion owns or shares (Tags merged,
 * a Destination pulled) reads the row again just before its page update; one that only pushes to the link does not.
 */
async function editsBench(): Promise<void> {
  const rows = 1_000;
  const edited = 100;
  console.log(`
edits: cycles over ${rows} linked rows, ${edited} rows edited each time`);
  const clock = new MovableClock();
  const world = await setup(rows, false, 5_000, 60 * 60_000, clock);
  await world.agent.syncNow(world.databaseId);
  const provider = (await import("../src/index")).createLinksyncShortenerProvider({
    baseUrl: world.shortener.url,
    apiKey: API_KEY,
  });
  const links = (await provider.changesSince(null)).links.slice(0, edited);
  const pageOf = (link: Link) => (link.externalId ?? "").replace("notion-page:", "");
  const kinds: [string, (link: Link, n: number) => Promise<unknown>, string][] = [
    [
      "Notion Destination pushed to the link",
      (link, n) =>
        world.sandbox.control.editPageAsPerson(pageOf(link), {
          Destination: `https://bench.example/notion-${n}`,
        }),
      "1 (no re-read)",
    ],
    [
      "link tags merged into Notion",
      (link, n) => provider.update(link.id, { tags: [`zap-${n}`] }, { source: "zapier" }),
      "re-read + update",
    ],
    [
      "tags edited on both sides, merged both ways",
      async (link, n) => {
        await world.sandbox.control.editPageAsPerson(pageOf(link), { Tags: [`notion-${n}`] });
        await provider.update(link.id, { tags: [`zap-again-${n}`] }, { source: "zapier" });
      },
      "re-read + update",
    ],
    [
      "outside Destination pulled into Notion",
      (link, n) =>
        provider.update(link.id, { destination: `https://bench.example/zap-${n}` }, { source: "zapier" }),
      "re-read + update",
    ],
  ];
  for (const [label, edit, target] of kinds) {
    clock.advance(5 * 60_000);
    await world.sandbox.control.advanceClock(5 * 60_000);
    await world.agent.syncNow(world.databaseId);
    let n = 0;
    for (const link of links) await edit(link, n++);
    await world.sandbox.control.resetRequestLog();
    await world.agent.syncNow(world.databaseId);
    const log = await world.sandbox.control.requestLog();
    const reads = log.byEndpoint["GET /v1/pages/{page_id}"] ?? 0;
    const updates = log.byEndpoint["PATCH /v1/pages/{page_id}"] ?? 0;
    figure(`${label}: requests per row`, ((reads + updates) / edited).toFixed(2), target);
    figure(`  of which page reads / page updates`, `${reads} / ${updates}`, "-");
  }
  await world.close();
}

async function planningBench(): Promise<void> {
  const count = 100_000;
  console.log(`\nplanning a cycle over ${count.toLocaleString("en-US")} rows in memory`);
  const now = "2026-06-01T12:00:00.000Z";
  const rows: Row[] = [];
  const snapshots = new Map<string, RowSnapshot>();
  const links = new Map<string, Link>();
  for (let i = 0; i < count; i++) {
    const pageId = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const shortUrl = `https://go.acme.com/s${i.toString(36)}`;
    const destination = `https://shop.example.com/p/${i}`;
    const edited = i % 10 === 0;
    rows.push({
      pageId,
      url: `https://www.notion.so/${pageId}`,
      title: `Row ${i}`,
      destination: edited ? `${destination}?v=2` : destination,
      tags: ["spring", "sale"],
      shortUrl,
      clicks: 3,
      qrFileName: qrFileNameFor(shortUrl),
      lastSynced: now,
      sync: "Live",
      linkId: `l${i}`,
      syncedDestination: destination,
      syncError: null,
      conflictAt: null,
      inTrash: false,
      lastEditedTime: now,
      problems: [],
    });
    snapshots.set(pageId, {
      pageId,
      linkId: `l${i}`,
      destination,
      tags: ["spring", "sale"],
      shortUrl,
      clicks: 3,
      qrForShortUrl: shortUrl,
      syncedAt: now,
    });
    links.set(pageId, {
      id: `l${i}`,
      shortUrl,
      slug: `s${i.toString(36)}`,
      destination,
      tags: ["spring", "sale"],
      externalId: `notion-page:${pageId}`,
      version: "1",
      updatedAt: now,
      updatedBy: "linksync",
    });
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const mapped = mappedColumns({ tags: "Tags", sync: "Sync" } as never);
  const changed = rows.filter((row) => changedSinceSnapshot(row, snapshots.get(row.pageId), true));
  const compared = performance.now();
  let writes = 0;
  for (const row of changed) {
    const snapshot = snapshots.get(row.pageId) ?? null;
    const plan = planRow({ row, link: links.get(row.pageId) ?? null, snapshot, mapped, now });
    if (plan.kind === "sync") writes++;
  }
  const planned = changed.length;
  const ms = performance.now() - started;
  figure("rows compared with their snapshots", count.toLocaleString("en-US"), "-");
  figure("rows planned (10% edited)", planned.toLocaleString("en-US"), "-");
  figure("rows with writes", writes.toLocaleString("en-US"), "= rows planned");
  figure("time: compare every row with its snapshot", `${(compared - started).toFixed(0)} ms`, "-");
  figure("time: plan the changed rows", `${(ms - (compared - started)).toFixed(0)} ms`, "-");
  figure("time", `${ms.toFixed(0)} ms`, "< 1 s");
  figure(
    "RSS (rows, snapshots and links held in memory)",
    `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    "< 300 MB",
  );
  figure(
    "RSS growth while planning",
    `${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MB`,
    "-",
  );
}

async function qrBench(): Promise<void> {
  console.log("\nQR");
  const runs = 200;
  const started = performance.now();
  for (let i = 0; i < runs; i++) await renderQrPng(`https://go.acme.com/q${i}`);
  figure("render one 1024×1024 PNG", `${((performance.now() - started) / runs).toFixed(1)} ms`, "-");
  figure("Notion requests per QR, uploaded", "3", "create + send + its page update");
  figure("Notion requests per QR, imported", "2 + 1/90", "create + its page update; a status list per 90");
}

async function stateBench(): Promise<void> {
  console.log("\nagent state during a backfill (links, then QR codes: two snapshots per row, 5,000 rows/s)");
  for (const rows of [10_000, 100_000]) {
    const f = await measureState(rows);
    const at = `${rows.toLocaleString("en-US")} rows:`;
    figure(
      `${at} longest event-loop stall (main-thread CPU)`,
      `${f.longestStallMs.toFixed(1)} ms`,
      "< 20 ms, flat in rows",
    );
    figure(`${at} longest event-loop stall (wall)`, `${f.longestWallStallMs.toFixed(1)} ms`, "-");
    figure(
      `${at} same, in-memory store (floor) CPU / wall`,
      `${f.floorStallMs.toFixed(1)} / ${f.floorWallStallMs.toFixed(1)} ms`,
      "-",
    );
    figure(`${at} longest flush (wall, incl. fsync)`, `${f.longestFlushMs.toFixed(1)} ms`, "flat in rows");
    figure(`${at} flushes / compactions`, `${f.flushes} / ${f.compactions}`, "-");
    figure(
      `${at} then a clicks refresh of every row: stall CPU / wall, compactions`,
      `${f.refreshStallMs.toFixed(1)} / ${f.refreshWallStallMs.toFixed(1)} ms, ${f.refreshCompactions}`,
      "< 20 ms CPU",
    );
    figure(
      `${at} rows.jsonl after, reopen time`,
      `${f.logMb.toFixed(1)} MB, ${f.reopenMs.toFixed(0)} ms`,
      "-",
    );
    figure(`${at} one whole-document serialization`, `${f.wholeDocumentMs.toFixed(1)} ms`, "the old stall");
  }
}

const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));

/** `--name=value` on the command line: only runs whose `name` is `value` (all of them without the flag). */
function flagAllows(name: string, value: string): boolean {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return flag === undefined || flag.slice(name.length + 3) === value;
}
const benches: Record<string, () => Promise<void>> = {
  planning: planningBench,
  qr: qrBench,
  state: stateBench,
  steady: steadyStateBench,
  edits: editsBench,
  backfill: backfillBench,
};
for (const [name, bench] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  await bench();
}
