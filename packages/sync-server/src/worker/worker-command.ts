import type { SqlClient } from "@linksync/shortener/database";
import { SyncWorker } from "./sync-worker";

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
 * cluster, default 3).
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
  const notionBaseUrl = (options.env.LINKSYNC_NOTION_API_URL ?? "").trim();
  // Listened for before anything starts: a signal during start-up stops the worker once it has started.
  const stopRequested = new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  const worker = await SyncWorker.start({
    sql: options.sql,
    serverSecret,
    ...(notionBaseUrl !== "" && { notionBaseUrl }),
    budget: { ratePerSecond: rate, burst: Math.max(1, Math.floor(rate)) },
    onError: (error) =>
      options.log(`linksync-server worker: ${error instanceof Error ? error.message : String(error)}`),
  });
  options.log(`Linksync sync worker started (${rate} Notion requests/s per connection across the cluster).`);
  await stopRequested;
  options.log("Linksync sync worker stopping: finishing the runs in flight.");
  await worker.stop();
}
