/**
 * `npm run bench -w @linksync/core`: the engine's figures against the real sandbox and shortener on loopback.
 * Measurements, not pass/fail: each prints what it measured next to its target.
 *
 *   backfill   links first, then QR codes, for 10,000 and 100,000 rows: at 3 req/s extrapolated from a paced run of
 *              100 rows, at 50 req/s measured on 10,000 (`--rows=N`; the QR phase over 60 s, extrapolated): requests
 *              until the last link per row, time to all links vs the physical limit (rows × 1.02 ÷ rate), time to all
 *              QR codes next to the floor their requests allow, 429s, CPU ms per row of the agent, the sandbox and
 *              the shortener (each in its own process, bench-service.ts); with uploaded QR codes, then with QR codes
 *              Notion imports (`qrImages: auto` picks import for a public https shortener, upload otherwise); the
 *              load average next to each run
 *   no-change  a cycle over 10,000 linked rows where nothing changed: Notion requests
 *   clicks     a clicks refresh over those 10,000 rows with 1% of counts changed: page updates
 *   edits      cycles over 1,000 linked rows after 100 edits of one kind (Notion Destination pushed, link tags
 *              merged into Notion, tags edited on both sides, outside Destination pulled): Notion requests per edited
 *              row, re-reads included
 *   planning   planning a cycle over 100,000 rows in memory: time and RSS
 *   state      the agent state store during a backfill of 10,000 and 100,000 rows: flush time, longest event-loop
 *              stall, the load average (bench-state.ts)
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createControlClient, type SandboxControl, type SandboxOptions } from "@linksync/notion-sandbox";
import { renderQrPng } from "@linksync/qr-png";
import type { ShortenerOptions } from "@linksync/shortener";
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
import type { ServiceKind, ServiceMessage } from "./bench-service";
import { mainThreadCpuMs, measureState } from "./bench-state";

const API_KEY = "bench-key";

/** CPU time (user + system, ms) each part of the bench has used so far: each runs in its own process. */
interface CpuByPart {
  readonly agent: number;
  /** Of which the agent's event-loop thread (Linux; the whole process elsewhere). */
  readonly agentLoop: number;
  readonly sandbox: number;
  readonly shortener: number;
}

interface Setup {
  readonly agent: Agent;
  readonly databaseId: string;
  readonly sandbox: { readonly baseUrl: string; readonly control: SandboxControl };
  readonly shortener: { readonly url: string };
  cpu(): Promise<CpuByPart>;
  close(): Promise<void>;
}

/** A service in its own process (bench-service.ts), so its CPU time is counted apart from the agent's. */
class ServiceProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static start(kind: ServiceKind, options: object): Promise<ServiceProcess> {
    const script = fileURLToPath(new URL("./bench-service.ts", import.meta.url));
    // The bench runs under tsx: the child inherits its loader through `execArgv`.
    const child = fork(script, [kind, JSON.stringify(options)], { stdio: "inherit" });
    return new Promise((resolve, reject) => {
      child.once("message", (message: ServiceMessage) => {
        if ("url" in message) resolve(new ServiceProcess(message.url, child));
        else reject(new Error(`${kind} did not start: ${"error" in message ? message.error : "?"}`));
      });
      child.once("exit", (code) => reject(new Error(`${kind} exited with ${code} before it listened`)));
    });
  }

  /** CPU time the process has used so far, in ms. */
  cpuMs(): Promise<number> {
    return new Promise((resolve) => {
      const answer = (message: ServiceMessage) => {
        if (!("cpu" in message)) return;
        this.child.off("message", answer);
        resolve((message.cpu.user + message.cpu.system) / 1000);
      };
      this.child.on("message", answer);
      this.child.send("cpu");
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.send("close");
    });
  }
}

function processCpuMs(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
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
  const dataDir = await mkdtemp(join(tmpdir(), "linksync-bench-"));
  const [sandbox, shortener] = await Promise.all([
    ServiceProcess.start("sandbox", {
      rateLimit: limit === false ? false : { perSecond: limit, burst: limit },
      // `qrImages: import`: the sandbox downloads the QR codes from the shortener, which serves http on loopback (a
      // public https shortener, as far as the bench is concerned).
      allowHttpImports: true,
      allowPrivateImports: true,
    } satisfies SandboxOptions),
    // Its own embedded database, closed with it: the in-memory one is shared by the process and never closed, and
    // PostgreSQL's timers in it (the idle stats flush, 10 s) would keep the process alive once it is done.
    ServiceProcess.start("shortener", {
      apiKey: API_KEY,
      dataDir: join(dataDir, "shortener"),
    } satisfies ShortenerOptions),
  ]);
  const control = createControlClient(sandbox.url);
  const seed = await control.seedCampaign({ rows });
  const agent = createAgent({
    dataDir,
    secretKey: SecretBox.generateKey(),
    ...(clock ? { clock } : {}),
    ...(clicksIntervalMs !== undefined ? { clicksIntervalMs } : {}),
    ...(scheduler ? { scheduler } : {}),
  });
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: seed.token },
    notionBaseUrl: sandbox.url,
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
    sandbox: { baseUrl: sandbox.url, control },
    shortener: { url: shortener.url },
    cpu: async () => {
      const [sandboxMs, shortenerMs] = await Promise.all([sandbox.cpuMs(), shortener.cpuMs()]);
      return {
        agent: processCpuMs(),
        agentLoop: mainThreadCpuMs(),
        sandbox: sandboxMs,
        shortener: shortenerMs,
      };
    },
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
  /** CPU time of each part while the links were written, and while the QR codes were measured. */
  readonly linksCpu: CpuByPart;
  readonly qrCpu: CpuByPart;
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
  const cpuAtStart = await world.cpu();
  const started = performance.now();
  let cpuAtLinks: Promise<CpuByPart> | null = null;
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
      cpuAtLinks = world.cpu();
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
  const cpuAtEnd = await world.cpu();
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
    linksCpu: cpuSpent(cpuAtStart, (await cpuAtLinks) ?? cpuAtEnd),
    qrCpu: cpuSpent((await cpuAtLinks) ?? cpuAtEnd, cpuAtEnd),
  };
  await world.close();
  return figures;
}

function cpuSpent(from: CpuByPart, to: CpuByPart): CpuByPart {
  return {
    agent: to.agent - from.agent,
    agentLoop: to.agentLoop - from.agentLoop,
    sandbox: to.sandbox - from.sandbox,
    shortener: to.shortener - from.shortener,
  };
}

/** Notion cuts a query at about 10,000 rows: each cut may cost the backfill its query-lag waits (1 + 2 + 4 + 8 s). */
const QUERY_CUT_ROWS = 10_000;
const QUERY_CUT_WAIT_SECONDS = 15;

/** Notion requests a QR code costs at least, by method: upload create + send + page update; import + page update + a status list per 90. */
const QR_REQUESTS: Readonly<Record<QrImages, number>> = { upload: 3, import: 2 + 1 / 90, auto: 3, link: 0 };

function printBackfill(f: BackfillFigures, how: string): void {
  const perRow = (f.linkRequests - f.fixedRequests) / f.processed;
  const requestRate = f.linkRequests / f.linksSeconds;
  const qrRate = f.qrDone / Math.max(f.qrSeconds, 0.001);
  const qrShare = f.minted / f.processed;
  const hours = (seconds: number) =>
    seconds >= 3_600 ? `${(seconds / 3_600).toFixed(2)} h` : `${(seconds / 60).toFixed(1)} min`;
  /** Time to all links and to all QR codes for `target` rows at the measured pace. */
  const extrapolate = (target: number) => {
    const linkRequests = f.fixedRequests + perRow * target;
    const linksSeconds = linkRequests / requestRate;
    return { linkRequests, linksSeconds, qrSeconds: linksSeconds + (target * qrShare) / qrRate };
  };
  const limitSeconds = (rows: number) => (rows * 1.02) / f.rate;
  // What the request count alone allows at exactly the rate: links first, then every QR at its method's cost.
  const floorSeconds = (rows: number) => (rows * (perRow + qrShare * QR_REQUESTS[f.qrImages])) / f.rate;
  const target = 10_000;
  const ten = extrapolate(target);
  console.log(
    `  ${target.toLocaleString("en-US")} rows at ${f.rate} req/s, qrImages: ${f.qrImages}, ${how}:`,
  );
  figure("requests until the last link, per row", (ten.linkRequests / target).toFixed(3), "≤ 1.02");
  figure(
    "time to all links (vs rows × 1.02 ÷ rate)",
    `${hours(ten.linksSeconds)} (${((limitSeconds(target) / ten.linksSeconds) * 100).toFixed(1)} %)`,
    `≥ 95 % of ${hours(limitSeconds(target))}`,
  );
  figure(
    "time to all QR codes",
    hours(ten.qrSeconds),
    `≤ ${hours((target * 3.0) / f.rate)} (rows × 3.0 ÷ rate)`,
  );
  figure(
    "  floor: its requests alone, exactly at rate",
    `${hours(floorSeconds(target))} (${(perRow + qrShare * QR_REQUESTS[f.qrImages]).toFixed(2)} req/row)`,
    "-",
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
  const perItem = (cpu: CpuByPart, items: number) => {
    const ms = (part: number) => (part / Math.max(items, 1)).toFixed(1);
    return `${ms(cpu.agent)} (loop ${ms(cpu.agentLoop)}) / ${ms(cpu.sandbox)} / ${ms(cpu.shortener)}`;
  };
  // The budget is one request every 1000 ÷ rate ms: a part whose CPU per request nears it cannot keep up on one core.
  const budgetMs = 1000 / f.rate;
  figure(
    "CPU ms per link row: agent / sandbox / shortener",
    perItem(f.linksCpu, f.processed),
    `agent < ${budgetMs.toFixed(0)} ms (1 request)`,
  );
  figure(
    "CPU ms per QR code: agent / sandbox / shortener",
    perItem(f.qrCpu, f.qrDone),
    `agent < ${(budgetMs * QR_REQUESTS[f.qrImages]).toFixed(0)} ms (${QR_REQUESTS[f.qrImages].toFixed(2)} requests)`,
  );
  figure("load average (1 min) at start → end", `${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}`, "-");
  const large = 100_000;
  const hundred = extrapolate(large);
  // Past ~10,000 rows Notion cuts the query; a re-query that lists only rows already linked (its filter lagging)
  // waits up to 15 s before asking again. The sandbox has no such lag, so that bound is added, not measured.
  const cutWaits = (Math.ceil(large / QUERY_CUT_ROWS) - 1) * QUERY_CUT_WAIT_SECONDS;
  console.log(`  ${large.toLocaleString("en-US")} rows, same pace:`);
  figure(
    "time to all links (vs rows × 1.02 ÷ rate)",
    `${hours(hundred.linksSeconds)} (${((limitSeconds(large) / hundred.linksSeconds) * 100).toFixed(1)} %)`,
    `≥ 95 % of ${hours(limitSeconds(large))}`,
  );
  figure(
    "  at most, with query cuts' lag waits",
    `${hours(hundred.linksSeconds + cutWaits)}`,
    `+ ${Math.ceil(large / QUERY_CUT_ROWS) - 1} × ${QUERY_CUT_WAIT_SECONDS} s`,
  );
  figure(
    "time to all QR codes (floor)",
    `${hours(hundred.qrSeconds)} (${hours(floorSeconds(large))})`,
    `≤ ${hours((large * 3.0) / f.rate)}`,
  );
}

async function backfillBench(): Promise<void> {
  console.log(
    "backfill, links first then QR codes, against the sandbox (its rate limit = the agent's budget)",
  );
  // Uploaded QR codes (what `qrImages: auto`, the default, does for a shortener Notion cannot reach), then QR codes
  // Notion imports from the shortener (what `auto` does for a public https shortener; the sandbox plays it on
  // loopback); `--qr=upload|import` and `--rate=3|50` run one of them.
  const measuredRows = Number(flagValue("rows") ?? 10_000);
  for (const qrImages of ["upload", "import"] as const) {
    if (!flagAllows("qr", qrImages)) continue;
    // Notion's 3 requests/s: a paced run of 100 rows (links, then every QR), extrapolated to 10,000 and 100,000.
    if (flagAllows("rate", "3")) {
      printBackfill(
        await measureBackfill(100, 3, 120_000, qrImages),
        "extrapolated from a paced run of 100 rows",
      );
    }
    // 50 requests/s: 10,000 rows (`--rows=N` for a shorter run) measured to the last link; the QR phase measured for
    // 60 s; both extrapolated to 100,000.
    if (flagAllows("rate", "50")) {
      printBackfill(
        await measureBackfill(measuredRows, 50, 60_000, qrImages),
        `${measuredRows.toLocaleString("en-US")} rows measured to the last link, QR codes over 60 s`,
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
    const loadAtStart = loadavg()[0] ?? 0;
    const f = await measureState(rows);
    const at = `${rows.toLocaleString("en-US")} rows:`;
    figure(
      `${at} load average (1 min) at start → end`,
      `${loadAtStart.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}`,
      "-",
    );
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
  const flag = flagValue(name);
  return flag === undefined || flag === value;
}

/** The value of `--name=value` on the command line, if given. */
function flagValue(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
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
