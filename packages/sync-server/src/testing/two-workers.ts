import { randomBytes } from "node:crypto";
import { type CampaignSeed, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { PgClient } from "@linksync/shortener/database";
import { attachServerDatabase, connectServerWorkspace } from "../worker/server-attach";
import type { ServerDatabase } from "../worker/server-databases";
import { SyncWorker, type SyncWorkerOptions } from "../worker/sync-worker";
import { openTestSql, type TestSql } from "./test-sql";

export interface TwoWorkersOptions {
  /** Rows of the seeded campaign database. */
  readonly rows: number;
  /** Hooks a worker starts with (`onRun`, `onNotionEvent`), by its number (1 or 2). */
  readonly hooks?: (worker: 1 | 2) => Pick<SyncWorkerOptions, "onRun" | "onNotionEvent">;
  /** Where the test keeps its clean-ups; they run in reverse order. */
  readonly cleanups: (() => Promise<void>)[];
}

export interface TwoWorkers {
  readonly sandbox: RunningSandbox;
  readonly seed: CampaignSeed;
  readonly shortener: RunningShortener;
  readonly db: TestSql;
  readonly first: SyncWorker;
  readonly second: SyncWorker;
  /** `db-1` on connection `conn-1` (the seed's workspace), attached through the first worker. */
  readonly database: ServerDatabase;
  /** What either worker reported through `onError`. */
  readonly errors: unknown[];
}

/**
 * Two in-process sync workers on one fresh PostgreSQL schema, each with its own pool as two processes would have,
 * a sandbox limited to 10 requests a second, a real shortener, and one campaign database connected and attached.
 */
export async function twoWorkers(options: TwoWorkersOptions): Promise<TwoWorkers> {
  const { cleanups } = options;
  const sandbox = await startSandbox({ rateLimit: { perSecond: 10, burst: 3 } });
  cleanups.push(() => sandbox.close());
  const seed = await sandbox.control.seedCampaign({ rows: options.rows });
  const shortener = await startShortener({ apiKey: `key-${randomBytes(8).toString("hex")}` });
  cleanups.push(() => shortener.close());
  const db = await openTestSql("postgres");
  cleanups.push(() => db.drop());
  const { databaseUrl, databaseSchema } = db.postgres!;
  const serverSecret = randomBytes(32).toString("base64");
  const errors: unknown[] = [];
  const startWorker = async (index: 1 | 2): Promise<SyncWorker> => {
    const sql = new PgClient({
      connectionString: databaseUrl,
      schema: databaseSchema,
      onError: (e) => errors.push(e),
    });
    const worker = await SyncWorker.start({
      sql,
      serverSecret,
      notionBaseUrl: sandbox.baseUrl,
      budget: { ratePerSecond: 8, burst: 2 },
      pollIntervalMs: 200,
      onError: (error) => errors.push(error),
      ...options.hooks?.(index),
    });
    cleanups.push(async () => {
      await worker.notionWebhooks.idle();
      await worker.stop();
      await sql.close();
    });
    return worker;
  };
  const first = await startWorker(1);
  const second = await startWorker(2);
  await connectServerWorkspace(first.ports, {
    accountId: "primary",
    id: "conn-1",
    workspaceId: "ws-1",
    workspaceName: "Acme",
    token: seed.token,
    providerBaseUrl: shortener.url,
    providerApiKey: shortener.apiKey,
  });
  const database = await attachServerDatabase(first.ports, first.gateways, {
    id: "db-1",
    connectionId: "conn-1",
    dataSourceId: seed.dataSourceId,
    createMissingColumns: true,
  });
  return { sandbox, seed, shortener, db, first, second, database, errors };
}
