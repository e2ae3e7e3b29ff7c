/**
 * The chaos benchmark's agent, in its own process: attaches the database on first start (restarts find it in the data
 * directory), then syncs in a loop until killed. `LINKSYNC_CRASH_AT` names a crash point where it SIGKILLs itself;
 * `LINKSYNC_SETTLE=1` makes it sync until nothing is pending, print its status as JSON and exit.
 */
import { CRASH_POINTS, type CrashHook, createAgent } from "@linksync/core";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`chaos agent needs ${name}.`);
  return value;
};

const crashAt = process.env.LINKSYNC_CRASH_AT;
if (crashAt !== undefined && !(CRASH_POINTS as readonly string[]).includes(crashAt))
  throw new Error(`LINKSYNC_CRASH_AT must be one of ${CRASH_POINTS.join(", ")}.`);
const crashHook: CrashHook = (point) => {
  if (point === crashAt) process.kill(process.pid, "SIGKILL");
};

const agent = createAgent({
  dataDir: env("LINKSYNC_DATA_DIR"),
  secretKey: Buffer.from(env("LINKSYNC_SECRET_KEY"), "hex"),
  rowsInFlight: 8,
  // Retries stay short so a 25 % error rate slows the agent down without stalling it for minutes.
  scheduler: { maxElapsedMs: 3_000, backoff: { initialMs: 20, maxMs: 250 } },
  overlapMs: 120_000,
  ...(crashAt !== undefined ? { crashHook } : {}),
});
let summaries = await agent.syncNow();
if (summaries.length === 0) {
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: env("NOTION_TOKEN") },
    notionBaseUrl: env("NOTION_BASE_URL"),
    requestsPerSecond: 200,
  });
  await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: env("DATA_SOURCE_ID"),
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", baseUrl: env("SHORTENER_URL"), apiKey: env("SHORTENER_API_KEY") },
  });
}
if (process.env.LINKSYNC_SETTLE === "1") {
  for (let pass = 0; pass < 20; pass++) {
    summaries = await agent.syncNow();
    const quiet = summaries.every((s) => s.minted + s.updated + s.conflicts + s.failed === 0);
    if (agent.status().pendingWrites === 0 && quiet && pass > 0) break;
  }
  process.stdout.write(`${JSON.stringify({ pendingWrites: agent.status().pendingWrites, summaries })}\n`);
  await agent.stop();
} else {
  for (;;) {
    await agent.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
