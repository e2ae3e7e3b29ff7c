/**
 * An agent in its own process, for crash tests: it attaches the database on first start (restarts find it in the
 * data directory), runs one sync and exits. The parent kills it with SIGKILL at random points, or names a crash point
 * (`LINKSYNC_CRASH_AT`) where it kills itself, after writing the row's page id to `LINKSYNC_CRASH_LOG`.
 * Or the agent kills itself once every link is written and `KILL_AT_QR` QR codes are uploaded (a crash between
 * links and their QR).
 */
import { writeFileSync } from "node:fs";
import { CRASH_POINTS, type CrashHook, type CrashPoint, createAgent } from "@linksync/core";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`agent-process needs ${name}.`);
  return value;
};

const crashAt = process.env.LINKSYNC_CRASH_AT;
if (crashAt !== undefined && !(CRASH_POINTS as readonly string[]).includes(crashAt))
  throw new Error(`LINKSYNC_CRASH_AT must be one of ${CRASH_POINTS.join(", ")}.`);
const crashHook: CrashHook = (point: CrashPoint, pageId: string) => {
  if (point !== crashAt) return;
  if (process.env.LINKSYNC_CRASH_LOG) writeFileSync(process.env.LINKSYNC_CRASH_LOG, pageId);
  process.kill(process.pid, "SIGKILL");
};

const agent = createAgent({
  dataDir: env("LINKSYNC_DATA_DIR"),
  secretKey: Buffer.from(env("LINKSYNC_SECRET_KEY"), "hex"),
  rowsInFlight: Number(process.env.LINKSYNC_ROWS_IN_FLIGHT ?? 4),
  ...(crashAt !== undefined ? { crashHook } : {}),
});
const killAtQr = process.env.KILL_AT_QR === undefined ? null : Number(process.env.KILL_AT_QR);
if (killAtQr !== null) {
  agent.events.on("sync.progress", (progress) => {
    if (progress.qr && progress.done === progress.total && progress.qr.done >= killAtQr)
      process.kill(process.pid, "SIGKILL");
  });
}
let summaries = await agent.syncNow();
if (summaries.length === 0) {
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: env("NOTION_TOKEN") },
    notionBaseUrl: env("NOTION_BASE_URL"),
    requestsPerSecond: 40,
  });
  await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: env("DATA_SOURCE_ID"),
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", baseUrl: env("SHORTENER_URL"), apiKey: env("SHORTENER_API_KEY") },
  });
  summaries = await agent.syncNow();
}
process.stdout.write(`${JSON.stringify(summaries)}\n`);
await agent.stop();
