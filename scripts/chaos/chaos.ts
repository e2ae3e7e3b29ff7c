/**
 * `npm run chaos [-- --seed N --minutes M]`: the "nothing lost" benchmark. The Notion sandbox, the shortener and two
 * agents run as separate OS processes. While a driver edits rows on both sides (conflicting pairs included), the
 * agents are SIGKILLed at random moments and at every named crash point in turn, the shortener is SIGKILLed and started
 * again on its embedded database, and the sandbox injects 5xx errors, 429s, dropped connections and latency. Then the faults
 * stop, the agents settle, and every row, link and comment is checked. One verdict line with the figures; a failure
 * replays with the same seed. Bounded in time (default 20 minutes of chaos; it ends sooner once the targets of
 * `--kills` and `--faults` are both reached); not part of `npm test`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  AuditLog,
  CRASH_POINTS,
  createLinksyncShortenerProvider,
  createNotionGateway,
  decodeRow,
  defaultFieldMap,
  parseConflictComment,
  type Row,
} from "@linksync/core";
import { createControlClient } from "@linksync/notion-sandbox";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    minutes: { type: "string", default: "20" },
    rows: { type: "string", default: "60" },
    kills: { type: "string", default: "220" },
    faults: { type: "string", default: "10500" },
  },
});
const SEED = Number(values.seed);
const CHAOS_MS = Number(values.minutes) * 60_000;
const ROWS = Number(values.rows);
const TARGET_KILLS = Number(values.kills);
const TARGET_FAULTS = Number(values.faults);
const API_KEY = `chaos-${randomBytes(8).toString("hex")}`;
const ROOT = new URL("../..", import.meta.url).pathname;

/** mulberry32: the run's dice, so a failure replays with the same seed. */
function dice(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = dice(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => ready.test(l));
      if (line) resolve({ child, line });
    });
    child.stderr?.on("data", () => {});
    child.on("exit", (code) =>
      reject(new Error(`${script} exited with ${code} before it was ready: ${out}`)),
    );
  });
}

const tmp = await mkdtemp(join(tmpdir(), "linksync-chaos-"));
const startedAt = Date.now();
const sandboxProcess = await start(
  "packages/notion-sandbox/src/bin.ts",
  ["--no-rate-limit"],
  {},
  /listening on (http:\S+)/,
);
const notionUrl = /listening on (http:\S+)/.exec(sandboxProcess.line)?.[1] ?? "";
const control = createControlClient(notionUrl);
const seed = await control.seedCampaign({ rows: ROWS });
const notion = createNotionGateway({
  auth: seed.token,
  baseUrl: notionUrl,
  scheduler: {
    ratePerSecond: 1000,
    burst: 1000,
    maxElapsedMs: 30_000,
    backoff: { initialMs: 20, maxMs: 200 },
  },
});
const shortenerFile = join(tmp, "shortener.json");
const shortenerPort = 20_000 + Math.floor(random() * 20_000);
let shortener = await startShortener();
const shortenerUrl = `http://127.0.0.1:${shortenerPort}`;
const links = createLinksyncShortenerProvider({ baseUrl: shortenerUrl, apiKey: API_KEY });

async function startShortener() {
  return start(
    "packages/shortener/src/bin.ts",
    ["--port", String(shortenerPort), "--data-file", shortenerFile],
    { LINKSYNC_SHORTENER_API_KEY: API_KEY },
    /listening on/,
  );
}

interface AgentSlot {
  readonly name: string;
  readonly dataDir: string;
  readonly secretKey: string;
  child: ChildProcess | null;
}
const agents: AgentSlot[] = [];
for (const name of ["a", "b"]) {
  agents.push({
    name,
    dataDir: join(tmp, `agent-${name}`),
    secretKey: randomBytes(32).toString("hex"),
    child: null,
  });
}
const agentEnv = (slot: AgentSlot, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  LINKSYNC_DATA_DIR: slot.dataDir,
  LINKSYNC_SECRET_KEY: slot.secretKey,
  NOTION_TOKEN: seed.token,
  NOTION_BASE_URL: notionUrl,
  DATA_SOURCE_ID: seed.dataSourceId,
  SHORTENER_URL: shortenerUrl,
  SHORTENER_API_KEY: API_KEY,
  ...extra,
});

const figures = {
  kills: 0,
  crashPointKills: 0,
  randomKills: 0,
  shortenerRestarts: 0,
  notionEdits: 0,
  outsideEdits: 0,
  conflictPairs: 0,
  tagEdits: 0,
};
const shortenerLosses: string[] = [];
let crashPointTurn = 0;
let chaosOver = false;

/** Keeps one agent running and kills it, again and again: at the next crash point in turn, or at a random moment. */
async function killLoop(slot: AgentSlot): Promise<void> {
  while (!chaosOver) {
    const atPoint = random() < 0.5;
    const point = CRASH_POINTS[crashPointTurn++ % CRASH_POINTS.length] ?? "link.updated";
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/chaos/agent.ts")], {
      env: agentEnv(slot, atPoint ? { LINKSYNC_CRASH_AT: point } : {}),
      stdio: ["ignore", "pipe", "ignore"],
    });
    slot.child = child;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_, signal) => resolve(signal)),
    );
    // Its lifetime counts from `ready`: a random kill during start-up alone would never reach a write.
    const ready = new Promise<void>((resolve) =>
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve();
      }),
    );
    await Promise.race([ready, exited]);
    const lifetime = atPoint ? 5_000 : 300 + random() * 2_500;
    const signal = await Promise.race([exited, sleep(lifetime).then(() => "timer" as const)]);
    if (signal === "timer") {
      child.kill("SIGKILL");
      await exited;
      figures.kills++;
      figures.randomKills++;
    } else if (signal === "SIGKILL") {
      figures.kills++;
      figures.crashPointKills++;
    }
    slot.child = null;
  }
}

interface Edit {
  readonly pageId: string;
  readonly side: "notion" | "outside";
  readonly value: string;
  readonly at: number;
}
const edits: Edit[] = [];
let editSerial = 0;
const url = (side: string) => `https://${side}.example.com/e${++editSerial}-s${SEED}`;

async function linkIdOf(pageId: string): Promise<string | null> {
  return (await links.findByIdempotencyKey(`notion-page:${pageId}`))?.id ?? null;
}

async function notionEdit(pageId: string): Promise<void> {
  const value = url("notion");
  await control.editPageAsPerson(pageId, { Destination: value });
  edits.push({ pageId, side: "notion", value, at: Date.now() });
  figures.notionEdits++;
}

async function outsideEdit(pageId: string): Promise<boolean> {
  const linkId = await linkIdOf(pageId);
  if (linkId === null) return false;
  const value = url("outside");
  await links.update(linkId, { destination: value }, { source: "zapier" });
  edits.push({ pageId, side: "outside", value, at: Date.now() });
  figures.outsideEdits++;
  return true;
}

/** Edits on both sides while the agents are being killed: Notion, outside, conflicting pairs, tags. */
async function editLoop(): Promise<void> {
  const live = seed.rows
    .filter((r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null)
    .map((r) => r.pageId);
  while (!chaosOver) {
    const pageId = pick(live);
    const roll = random();
    try {
      if (roll < 0.35) await notionEdit(pageId);
      else if (roll < 0.6) await outsideEdit(pageId);
      else if (roll < 0.8) {
        if (await outsideEdit(pageId)) {
          await notionEdit(pageId);
          figures.conflictPairs++;
        }
      } else {
        await control.editPageAsPerson(pageId, {
          Tags: [pick(["promo", "spring", "email"]), pick(["a", "b", "c"])],
        });
        figures.tagEdits++;
      }
    } catch {
      // The shortener is restarting: this edit was not made (and not recorded), the next one will be.
    }
    await sleep(150 + random() * 350);
  }
}

/** Standing 5xx errors and latency, with bursts of 429s and dropped connections; counted by the sandbox's log. */
async function faultLoop(): Promise<void> {
  let round = 0;
  while (!chaosOver) {
    await control.setFaults({
      seed: SEED * 1000 + round++,
      rules: [
        {
          errorRate: 0.45,
          status: pick([500, 502, 503, 504] as const),
          latencyMs: Math.floor(random() * 40),
        },
      ],
      rateLimitNext: { count: 10 + Math.floor(random() * 30), retryAfterSeconds: 0 },
      dropNext: { count: 2 + Math.floor(random() * 6) },
    });
    await sleep(2_000);
  }
  await control.clearFaults();
}

/** Kills the shortener (SIGKILL: no clean shutdown) and starts it again on its embedded database, which keeps every link. */
async function shortenerLoop(): Promise<void> {
  while (!chaosOver) {
    await sleep(30_000 + random() * 30_000);
    if (chaosOver) return;
    const before = await linkCount();
    shortener.child.kill("SIGKILL");
    await new Promise((resolve) => shortener.child.once("exit", resolve));
    await sleep(500 + random() * 2_000);
    shortener = await startShortener();
    figures.shortenerRestarts++;
    const after = await linkCount();
    if (before !== null && after !== null && after < before)
      shortenerLosses.push(`the shortener lost ${before - after} of ${before} links across a SIGKILL`);
  }
}

async function linkCount(): Promise<number | null> {
  return links.changesSince(null).then(
    (page) => page.links.length,
    () => null,
  );
}

async function injectedFaults(): Promise<number> {
  const { byStatus } = await control.requestLog();
  return Object.entries(byStatus)
    .filter(([status]) => status === "0" || status === "429" || Number(status) >= 500)
    .reduce((total, [, count]) => total + count, 0);
}

// The first sync of each agent (attach + backfill) is not killed, so both start from a linked database.
for (const slot of agents) await settle(slot);
const loops = [
  killLoop(agents[0] as AgentSlot),
  killLoop(agents[1] as AgentSlot),
  editLoop(),
  faultLoop(),
  shortenerLoop(),
];
let faults = 0;
while (Date.now() - startedAt < CHAOS_MS) {
  await sleep(5_000);
  faults = await injectedFaults();
  process.stderr.write(
    `chaos: ${Math.round((Date.now() - startedAt) / 1000)} s, ${figures.kills} kills, ${faults} faults, ${edits.length} edits\r`,
  );
  if (figures.kills >= TARGET_KILLS && faults >= TARGET_FAULTS) break;
}
chaosOver = true;
for (const slot of agents) slot.child?.kill("SIGKILL");
await Promise.all(loops);
faults = await injectedFaults();
await control.clearFaults();
const settleStarted = Date.now();
for (let pass = 0; pass < 3; pass++) for (const slot of agents) await settle(slot);
const settleSeconds = (Date.now() - settleStarted) / 1000;

/** Runs the agent until nothing is pending and a pass writes nothing; its pending writes afterwards. */
async function settle(slot: AgentSlot): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/chaos/agent.ts")], {
    env: agentEnv(slot, { LINKSYNC_SETTLE: "1" }),
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => child.on("exit", resolve));
  const last = out.trim().split("\n").at(-1) ?? "{}";
  return (JSON.parse(last) as { pendingWrites?: number }).pendingWrites ?? -1;
}

// ---- verification ----
const failures: string[] = [];
const fail = (message: string) => failures.push(message);
for (const loss of shortenerLosses) fail(loss);
const pending = await Promise.all(agents.map((slot) => settle(slot)));
pending.forEach((count, i) => {
  if (count !== 0) fail(`agent ${agents[i]?.name} has ${count} pending writes after settling`);
});
const rows = new Map<string, Row>();
for (const pageId of seed.pageIds)
  rows.set(pageId, decodeRow(await notion.retrievePage(pageId), defaultFieldMap()));
const allLinks = (await links.changesSince(null)).links;
// Rows Linksync links: Live, a valid Destination, no Short URL of someone else's.
const expected = seed.rows.filter((r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null);
let conflictRefs = 0;
const auditByRef = new Map<string, number>();
const inboxByRef = new Map<string, number>();
for (const slot of agents) {
  const log = await AuditLog.open(join(slot.dataDir, "audit.jsonl"));
  for (const entry of await log.query({ kind: "conflict" }))
    if (entry.kind === "conflict")
      auditByRef.set(entry.conflictId, (auditByRef.get(entry.conflictId) ?? 0) + 1);
  await log.close();
  const inbox = JSON.parse(
    await readFile(join(slot.dataDir, "conflicts.json"), "utf8").catch(() => "[]"),
  ) as {
    conflictId: string;
  }[];
  for (const record of inbox) inboxByRef.set(record.conflictId, (inboxByRef.get(record.conflictId) ?? 0) + 1);
}
for (const seeded of expected) {
  const row = rows.get(seeded.pageId);
  const own = allLinks.filter((l) => l.externalId === `notion-page:${seeded.pageId}`);
  if (own.length !== 1) fail(`row ${seeded.pageId} has ${own.length} links`);
  const link = own[0];
  if (!row || !link) continue;
  if (row.linkId !== link.id || row.shortUrl !== link.shortUrl)
    fail(`row ${seeded.pageId} does not show its link`);
  if (row.destination !== link.destination)
    fail(`row ${seeded.pageId}: Destination ${row.destination} ≠ link ${link.destination}`);
  if (row.syncedDestination !== row.destination) fail(`row ${seeded.pageId}: Synced Destination is stale`);
  if ([...row.tags].sort().join("|") !== [...link.tags].sort().join("|"))
    fail(`row ${seeded.pageId}: tags disagree`);
  const comments = (await notion.listComments(seeded.pageId)).map((c) =>
    parseConflictComment(c.rich_text.map((t) => t.plain_text).join("")),
  );
  const refs = comments.flatMap((c) => (c ? [c] : []));
  const byRef = new Map<string, number>();
  for (const c of refs) byRef.set(c.conflictId, (byRef.get(c.conflictId) ?? 0) + 1);
  for (const [ref, count] of byRef) {
    conflictRefs++;
    if (count !== 1) fail(`row ${seeded.pageId}: ${count} comments for conflict ${ref}`);
    if ((auditByRef.get(ref) ?? 0) !== 1)
      fail(`conflict ${ref}: ${auditByRef.get(ref) ?? 0} audit entries across agents`);
    if ((inboxByRef.get(ref) ?? 0) < 1) fail(`conflict ${ref}: in no agent's inbox (no event)`);
  }
  // Every edit's fate: the newest edit of the row decides, by the contract's three-way rule.
  const mine = edits.filter((e) => e.pageId === seeded.pageId);
  const lastNotion = mine.filter((e) => e.side === "notion").at(-1);
  const lastOutside = mine.filter((e) => e.side === "outside").at(-1);
  if (lastNotion && (!lastOutside || lastNotion.at >= lastOutside.at) && row.destination !== lastNotion.value)
    fail(
      `row ${seeded.pageId}: the newest edit (Notion, ${lastNotion.value}) was lost; the row holds ${row.destination}`,
    );
  if (
    lastOutside &&
    (!lastNotion || lastOutside.at > lastNotion.at) &&
    row.destination !== lastOutside.value
  ) {
    const recorded = refs.some((c) => c.dropped === lastOutside.value);
    if (!recorded)
      fail(
        `row ${seeded.pageId}: the newest edit (outside, ${lastOutside.value}) was dropped without a conflict record`,
      );
  }
}
const orphans = allLinks.filter((l) => !expected.some((r) => l.externalId === `notion-page:${r.pageId}`));
if (orphans.length > 0) fail(`${orphans.length} links belong to no live row`);
for (const slot of agents) {
  for (const file of await readdir(slot.dataDir)) {
    const text = await readFile(join(slot.dataDir, file), "utf8").catch(() => "");
    if (text.includes(seed.token) || text.includes(API_KEY))
      fail(`agent ${slot.name}: a secret in plain text in ${file}`);
  }
}

shortener.child.kill("SIGKILL");
sandboxProcess.child.kill("SIGTERM");
await rm(tmp, { recursive: true, force: true });
const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
const verdict = failures.length === 0 ? "PASS" : "FAIL";
process.stderr.write("\n");
for (const message of failures.slice(0, 40)) console.log(`  ✗ ${message}`);
console.log(
  `chaos ${verdict} seed=${SEED} ${minutes} min: ${figures.kills} agent kills (${figures.crashPointKills} at crash points, ${figures.randomKills} random) across 2 agents, ${faults} injected Notion faults, ${figures.shortenerRestarts} shortener restarts, ${edits.length + figures.tagEdits} edits (${figures.notionEdits} Notion, ${figures.outsideEdits} outside, ${figures.conflictPairs} conflicting pairs, ${figures.tagEdits} tags), ${expected.length} rows, ${allLinks.length} links, ${conflictRefs} conflicts, settle ${settleSeconds.toFixed(0)} s, ${failures.length} failures`,
);
process.exit(failures.length === 0 ? 0 : 1);
