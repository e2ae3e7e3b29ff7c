import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serveOpsEndpoint } from "@linksync/shortener";
import type { SqlClient } from "@linksync/shortener/database";
import type { SyncApiOptions } from "../api/sync-api";
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
 * LINKSYNC_NOTION_WEBHOOK_HOST, default 127.0.0.1, behind the server's reverse proxy), LINKSYNC_WORKER_OPS_PORT
 * (`/health`, `/ready`, `/metrics` on that port, `0` for any free one; LINKSYNC_WORKER_OPS_HOST, default
 * 127.0.0.1), and the timings
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
  const budget = notionBudgetFrom(options.env);
  const notionBaseUrl = (options.env.LINKSYNC_NOTION_API_URL ?? "").trim();
  // Listened for before anything starts: a signal during start-up stops the worker once it has started.
  const stopRequested = new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  const timings = timingsFrom(options.env);
  const logError = (error: unknown) =>
    options.log(`linksync-server worker: ${error instanceof Error ? error.message : String(error)}`);
  const webhookPort = portFrom("LINKSYNC_NOTION_WEBHOOK_PORT", options.env.LINKSYNC_NOTION_WEBHOOK_PORT);
  const opsPort = portFrom("LINKSYNC_WORKER_OPS_PORT", options.env.LINKSYNC_WORKER_OPS_PORT);
  const worker = await SyncWorker.start({
    sql: options.sql,
    serverSecret,
    ...(notionBaseUrl !== "" && { notionBaseUrl }),
    budget,
    timings,
    onRunStart: (databaseId, work) => options.log(`linksync-server worker: ${databaseId} running (${work})`),
    onRun: (databaseId, outcome) =>
      options.log(
        `linksync-server worker: ${databaseId} ${outcome.kind}${"report" in outcome ? ` ${outcome.report.kind}` : ""}`,
      ),
    onError: (error) => logError(error),
  });
  options.log(
    `Linksync sync worker started (${budget.ratePerSecond} Notion requests/s per connection across the cluster).`,
  );
  const webhooks = webhookPort === null ? null : createServer(worker.notionWebhooks);
  if (webhooks !== null && webhookPort !== null) {
    const url = await listen(webhooks, webhookPort, options.env.LINKSYNC_NOTION_WEBHOOK_HOST);
    options.log(`Notion webhooks in on ${url}/notion/webhooks/<connection id>`);
  }
  const ops =
    opsPort === null
      ? null
      : createServer((request, response) => {
          const pathname = new URL(request.url ?? "/", "http://worker").pathname;
          const served = serveOpsEndpoint(pathname, response, {
            ready: () => worker.readiness(),
            metrics: () => worker.metricsText(),
            onUnexpectedError: logError,
          });
          if (!served) response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
        });
  if (ops !== null && opsPort !== null) {
    const url = await listen(ops, opsPort, options.env.LINKSYNC_WORKER_OPS_HOST);
    options.log(`Worker ops on ${url} (/health, /ready, /metrics)`);
  }
  await stopRequested;
  options.log("Linksync sync worker stopping: finishing the runs in flight.");
  if (webhooks !== null) await new Promise((resolve) => webhooks.close(resolve));
  await worker.notionWebhooks.idle();
  // `/ready` answers 503 while the runs in flight finish, so the orchestrator sends nothing more here.
  await worker.stop();
  if (ops !== null) await new Promise((resolve) => ops.close(resolve));
}

/** Each connection's Notion budget across the cluster: LINKSYNC_NOTION_RATE (default 3) and LINKSYNC_NOTION_BURST. */
export function notionBudgetFrom(env: NodeJS.ProcessEnv): { ratePerSecond: number; burst: number } {
  const rate = Number(env.LINKSYNC_NOTION_RATE ?? "3");
  if (!(rate > 0))
    throw new Error(`LINKSYNC_NOTION_RATE "${env.LINKSYNC_NOTION_RATE}" is not a positive number.`);
  const burst = Number(env.LINKSYNC_NOTION_BURST ?? Math.max(1, Math.floor(rate)));
  if (!(burst >= 1))
    throw new Error(`LINKSYNC_NOTION_BURST "${env.LINKSYNC_NOTION_BURST}" is not a number ≥ 1.`);
  return { ratePerSecond: rate, burst };
}

/** The sync API as `linksync-server` serves it: the workers' secret, Notion, budget and run expiry. */
export function syncApiOptionsFrom(env: NodeJS.ProcessEnv): SyncApiOptions {
  const serverSecret = (env.LINKSYNC_SHORTENER_SECRETS_KEY ?? "").trim();
  const notionBaseUrl = (env.LINKSYNC_NOTION_API_URL ?? "").trim();
  const { runExpireSeconds } = timingsFrom(env);
  return {
    ...(serverSecret !== "" && { serverSecret }),
    ...(notionBaseUrl !== "" && { notionBaseUrl }),
    budget: notionBudgetFrom(env),
    ...(runExpireSeconds !== undefined && { runExpireSeconds }),
  };
}

function portFrom(variable: string, value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${variable} "${value}" is not a port number.`);
  }
  return port;
}

/** Listens on `port` (host default 127.0.0.1) and answers the URL it listens on. */
async function listen(server: Server, port: number, hostSetting: string | undefined): Promise<string> {
  const host = (hostSetting ?? "").trim() || "127.0.0.1";
  await new Promise<void>((resolve) => server.listen({ port, host }, resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
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
