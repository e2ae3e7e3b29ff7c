import { join } from "node:path";
import {
  type Agent,
  backoffDelayMs,
  type CycleSummary,
  createAgent,
  createNotionGateway,
  type DatabaseSummary,
  DEFAULT_BACKOFF,
  KEY_FILE_NAME,
  loadOrCreateKeyFile,
  NotionError,
  ProviderError,
  type QrImages,
  systemClock,
} from "@linksync/core";
import { dataDirectory } from "../config/data-dir";
import type { SyncEnvironment } from "../config/environment";
import { notionId } from "../config/notion-reference";
import { eventLine } from "../terminal/event-lines";
import type { Output } from "../terminal/output";
import { renderProgressLine } from "../terminal/progress-bar";
import { renderTable } from "../terminal/table";
import { listenForNotionWebhooks } from "./notion-webhooks";

/** How `sync` and `import` reach a database: the environment's token, and the database named on the command line. */
export interface DatabaseOptions {
  /** A database or data source id, or its Notion URL. */
  readonly database: string;
  readonly createColumns: boolean;
  readonly dataDir: string | undefined;
  readonly requestsPerSecond: number;
  /** How the QR column gets its image (`--qr-images`); absent keeps the database's setting (default `auto`). */
  readonly qrImages?: QrImages;
  /** `--run-here-too`: sync it here although the Linksync Server runs it (remembered for the database). */
  readonly runHereToo?: boolean;
}

export interface SyncOptions extends DatabaseOptions {
  readonly once: boolean;
  /** Where to receive Notion's webhooks while syncing on schedule; `null` keeps to polling alone. */
  readonly webhooks: { readonly port: number; readonly hostname: string } | null;
}

/**
 * `linksync sync`: connect with the environment's token, attach the database, then sync once or keep syncing until
 * `stop` (default: SIGINT or SIGTERM). Kept running, it waits out a Notion (or shortener) that is down or
 * rate-limiting at start-up, with the scheduler's back-off, rather than exiting.
 */
export async function runSync(
  options: SyncOptions,
  env: SyncEnvironment,
  out: Output,
  stop: AbortSignal = stopSignal(),
): Promise<number> {
  const { agent, dataDir } = await openAgent(options.dataDir);
  const stopPrinting = agent.events.onAny((event) => {
    if (event.type === "sync.progress") {
      if (event.payload.phase !== "clicks")
        out.progress(renderProgressLine({ label: `  ${event.payload.phase}`, ...event.payload }));
      return;
    }
    const line = eventLine(event);
    if (line !== null) out.line(line);
  });
  try {
    const database = options.once
      ? await attachDatabase(agent, options, env, out)
      : await untilReachable(() => attachDatabase(agent, options, env, out), out, stop);
    if (database === null) return 0;
    out.line(`Syncing "${database.title}" (${database.url}). Data in ${dataDir}.`);
    if (options.once) {
      const summaries = await agent.syncNow(database.id);
      out.endProgress();
      out.line(summaryTable(summaries));
      return summaries.some((s) => s.failed > 0) ? 1 : 0;
    }
    const webhooks = options.webhooks ? await listenForNotionWebhooks(agent, options.webhooks, out) : null;
    if (webhooks) {
      out.line(
        `Receiving Notion webhooks at ${webhooks.url} (serve it over HTTPS and subscribe that URL in Notion).`,
      );
      out.line(
        "Notion's first delivery carries a verification token: `linksync webhook-token` shows it to paste back.",
      );
    }
    await keepSyncing(agent, out, stop);
    await webhooks?.close();
    return 0;
  } finally {
    stopPrinting();
    await agent.stop();
  }
}

/** The CLI's agent on its data directory, its key in a file only the user can read. */
export async function openAgent(
  explicitDir: string | undefined,
): Promise<{ agent: ReturnType<typeof createAgent>; dataDir: string }> {
  const dataDir = dataDirectory(explicitDir);
  const agent = createAgent({ dataDir, secretKey: await loadOrCreateKeyFile(join(dataDir, KEY_FILE_NAME)) });
  return { agent, dataDir };
}

/** Connects with the environment's token and attaches the database (again, harmlessly, when the data dir has it). */
export async function attachDatabase(
  agent: Agent,
  options: DatabaseOptions,
  env: SyncEnvironment,
  out: Output,
): Promise<DatabaseSummary> {
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: env.notionToken },
    requestsPerSecond: options.requestsPerSecond,
    ...(env.notionBaseUrl ? { notionBaseUrl: env.notionBaseUrl } : {}),
  });
  out.line(`Connected to ${connection.workspaceName}.`);
  const dataSourceId = await resolveDataSource(env, options.database);
  return agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId,
    createMissingColumns: options.createColumns,
    provider: { kind: "linksync-shortener", baseUrl: env.shortenerUrl, apiKey: env.shortenerKey },
    ...(options.qrImages ? { qrImages: options.qrImages } : {}),
    ...(options.runHereToo ? { runHereToo: true } : {}),
  });
}

/** Accepts a data source id, a database id or a Notion URL holding either; a database resolves to its first source. */
async function resolveDataSource(env: SyncEnvironment, reference: string): Promise<string> {
  const id = notionId(reference);
  const notion = createNotionGateway({
    auth: env.notionToken,
    connectionId: "cli-resolve",
    ...(env.notionBaseUrl ? { baseUrl: env.notionBaseUrl } : {}),
  });
  try {
    return (await notion.retrieveDataSource(id, { priority: "interactive" })).id;
  } catch (error) {
    if (!(error instanceof NotionError) || error.code !== "object_not_found") throw error;
  }
  const database = await notion.retrieveDatabase(id, { priority: "interactive" });
  const first = database.data_sources[0];
  if (!first) throw new Error(`The database ${id} has no data source to sync.`);
  return first.id;
}

function summaryTable(summaries: readonly CycleSummary[]): string {
  return renderTable(
    ["Database", "Minted", "Updated", "Conflicts", "Failed", "Notion requests", "Seconds"],
    summaries.map((s) => [
      s.databaseId,
      s.minted,
      s.updated,
      s.conflicts,
      s.failed,
      s.notionRequests,
      (s.durationMs / 1000).toFixed(1),
    ]),
  );
}

async function keepSyncing(agent: Agent, out: Output, stop: AbortSignal): Promise<void> {
  await agent.start();
  out.line("Syncing on schedule; Ctrl-C stops.");
  if (stop.aborted) return;
  await new Promise<void>((resolve) => stop.addEventListener("abort", () => resolve(), { once: true }));
}

/** Aborts on the first SIGINT or SIGTERM. */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  return controller.signal;
}

/**
 * Runs `connect` until it succeeds, waiting between tries with the scheduler's back-off (250 ms doubling to 8 s, with
 * jitter) while the failure is one that waiting cures (Notion or the shortener unreachable, down or rate-limiting).
 * `null` when stopped while waiting. Any other failure (a bad token, a missing database) ends the command.
 */
export async function untilReachable<T>(
  connect: () => Promise<T>,
  out: Output,
  stop: AbortSignal,
): Promise<T | null> {
  for (let retry = 1; ; retry++) {
    try {
      return await connect();
    } catch (error) {
      if (!isTransientFailure(error) || stop.aborted) throw error;
      const delayMs = backoffDelayMs(retry, DEFAULT_BACKOFF, Math.random);
      out.line(
        `${error.message.replace(/ Linksync keeps.*$/, "")} Connecting again in ${(delayMs / 1000).toFixed(1)} s.`,
      );
      await systemClock.sleep(delayMs, stop).catch((reason: unknown) => {
        if (!stop.aborted) throw reason;
      });
      // Stopped (Ctrl-C) while waiting: nothing was connected, nothing to undo.
      if (stop.aborted) return null;
    }
  }
}

function isTransientFailure(error: unknown): error is NotionError | ProviderError {
  return (error instanceof NotionError || error instanceof ProviderError) && error.transient;
}
