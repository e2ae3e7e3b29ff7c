import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SqlClient } from "@linksync/shortener/database";
import { type SyncTimings, SyncWorker } from "./sync-worker";

export interface WorkerCommandOptions {
  /** The server's database, migrated for the link service; the sync tables are migrated here. */
  readonly sql: SqlClient;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

/**
 * `linksync-server worker`: runs database syncs until SIGTERM or SIGINT, then stops fetching jobs, lets the runs in
 * flight finish (10 s at most; a run cut short is handed to another worker when its job expires) and closes the
 * database. Environment: LINKSYNC_SHORTENER_SECRETS_KEY (required: the tokens' key derives from it),
 * LINKSYNC_NOTION_API_URL (default Notion's), LINKSYNC_NOTION_RATE (each connection's requests/s across the
 * cluster, default 3; LINKSYNC_NOTION_BURST its burst, default the rate), LINKSYNC_NOTION_WEBHOOK_PORT (takes Notion's webhooks in on that port, `0` for any free one;
 * LINKSYNC_NOTION_WEBHOOK_HOST, default 127.0.0.1, behind the server's reverse proxy), and the timings
 * (`SyncTimings`): LINKSYNC_RUN_EXPIRE_SECONDS, LINKSYNC_EXPIRY_CHECK_SECONDS, LINKSYNC_BUSY_RETRY_MS,
 * LINKSYNC_STOP_TIMEOUT_MS.
 */
export async function runWorkerCommand(options: WorkerCommandOptions): Promise<void> {
  const serverSecret = options.env.LINKSYNC_SHORTENER_SECRETS_KEY ?? "";
  if (serverSecret.trim() === "") {
    throw new Error(
      "LINKSYNC_SHORTENER_SECRETS_KEY is not set: the workers need it to open the connections' tokens.",
    );
  }
  const rate = Number(options.env.LINKSYNC_NOTION_RATE ?? "3");
  if (!(rate > 0))
    throw new Error(`LINKSYNC_NOTION_RATE "${options.env.LINKSYNC_NOTION_RATE}" is not a positive number.`);
  const burst = Number(options.env.LINKSYNC_NOTION_BURST ?? Math.max(1, Math.floor(rate)));
  if (!(burst >= 1))
    throw new Error(`LINKSYNC_NOTION_BURST "${options.env.LINKSYNC_NOTION_BURST}" is not a number ≥ 1.`);
  const notionBaseUrl = (options.env.LINKSYNC_NOTION_API_URL ?? "").trim();
  // Listened for before anything starts: a signal during start-up stops the worker once it has started.
  const stopRequested = new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  const timings = timingsFrom(options.env);
  const webhookPort = portFrom(options.env.LINKSYNC_NOTION_WEBHOOK_PORT);
  const worker = await SyncWorker.start({
    sql: options.sql,
    serverSecret,
    ...(notionBaseUrl !== "" && { notionBaseUrl }),
    budget: { ratePerSecond: rate, burst },
    timings,
    onRunStart: (databaseId, work) => options.log(`linksync-server worker: ${databaseId} running (${work})`),
    onRun: (databaseId, outcome) =>
      options.log(
        `linksync-server worker: ${databaseId} ${outcome.kind}${"report" in outcome ? ` ${outcome.report.kind}` : ""}`,
      ),
    onError: (error) =>
      options.log(`linksync-server worker: ${error instanceof Error ? error.message : String(error)}`),
  });
  options.log(`Linksync sync worker started (${rate} Notion requests/s per connection across the cluster).`);
  const webhooks = webhookPort === null ? null : createServer(worker.notionWebhooks);
  if (webhooks !== null) {
    const host = (options.env.LINKSYNC_NOTION_WEBHOOK_HOST ?? "").trim() || "127.0.0.1";
    await new Promise<void>((resolve) => webhooks.listen({ port: webhookPort, host }, resolve));
    const { port } = webhooks.address() as AddressInfo;
    options.log(`Notion webhooks in on http://${host}:${port}/notion/webhooks/<connection id>`);
  }
  await stopRequested;
  options.log("Linksync sync worker stopping: finishing the runs in flight.");
  if (webhooks !== null) await new Promise((resolve) => webhooks.close(resolve));
  await worker.notionWebhooks.idle();
  await worker.stop();
}

function portFrom(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`LINKSYNC_NOTION_WEBHOOK_PORT "${value}" is not a port number.`);
  }
  return port;
}

const TIMING_VARIABLES: Readonly<Record<keyof SyncTimings, string>> = {
  runExpireSeconds: "LINKSYNC_RUN_EXPIRE_SECONDS",
  expiryCheckSeconds: "LINKSYNC_EXPIRY_CHECK_SECONDS",
  busyRetryMs: "LINKSYNC_BUSY_RETRY_MS",
  stopTimeoutMs: "LINKSYNC_STOP_TIMEOUT_MS",
};

function timingsFrom(env: NodeJS.ProcessEnv): Partial<SyncTimings> {
  const timings: Partial<Record<keyof SyncTimings, number>> = {};
  for (const [key, variable] of Object.entries(TIMING_VARIABLES) as [keyof SyncTimings, string][]) {
    const raw = (env[variable] ?? "").trim();
    if (raw === "") continue;
    const value = Number(raw);
    if (!(value > 0)) throw new Error(`${variable} "${raw}" is not a positive number.`);
    timings[key] = value;
  }
  return timings;
}
