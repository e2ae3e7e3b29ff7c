import { type Clock, EventBus, systemClock } from "@linksync/core";
import { defineQueue, JobQueue } from "@linksync/shortener";
import type { SqlClient } from "@linksync/shortener/database";
import { SqlAuditLog } from "../audit/sql-audit-log";
import type { BudgetSettings } from "../budget/budget-rules";
import { migrateSyncState } from "../database/sync-migrations";
import { SqlConflictInbox } from "../inbox/sql-conflict-inbox";
import { SqlSecretVault } from "../secrets/sql-secret-vault";
import { SqlStateStore } from "../store/sql-state-store";
import { Gateways, runServerDatabase, type ServerRunOutcome, type WorkerPorts } from "./database-run";
import { RunLocks } from "./run-locks";
import { ServerDatabases } from "./server-databases";

/**
 * One run of one database. `stately` keyed by the database id: at most one job per database waiting and one running,
 * cluster-wide. A run still going after `expireSeconds` (its worker was killed) is handed to another worker.
 */
export const SYNC_DATABASE = defineQueue<{ readonly databaseId: string }>({
  name: "linksync-sync-database",
  policy: "stately",
  concurrency: 4,
  expireSeconds: 45,
  retry: { limit: 3, delaySeconds: 2, backoff: false },
});

/** Every five minutes: one run of every server database (a database already waiting is not queued twice). */
export const SYNC_TICK = defineQueue<Record<string, never>>({
  name: "linksync-sync-tick",
  policy: "stately",
});
export const SYNC_SCHEDULE = "*/5 * * * *";

export interface SyncWorkerOptions {
  readonly sql: SqlClient;
  /** The server's secret (`LINKSYNC_SHORTENER_SECRETS_KEY`): the key the tokens are sealed under derives from it. */
  readonly serverSecret: string;
  readonly notionBaseUrl?: string;
  readonly budget?: Partial<BudgetSettings>;
  readonly clock?: Clock;
  readonly onError: (error: unknown) => void;
  /** Told of every run this worker made or left to another (tests, logs). */
  readonly onRun?: (databaseId: string, outcome: ServerRunOutcome | { readonly kind: "busy" }) => void;
  /** How often an idle worker looks for due jobs (ms). Default 1000. */
  readonly pollIntervalMs?: number;
}

/**
 * A `linksync-server worker` process: runs database syncs as durable jobs (pg-boss, through the shortener's queue
 * module) from the same PostgreSQL as every other worker, each connection's Notion budget shared by all of them.
 */
export class SyncWorker {
  private constructor(
    readonly ports: WorkerPorts,
    readonly gateways: Gateways,
    private readonly queue: JobQueue,
  ) {}

  static async start(options: SyncWorkerOptions): Promise<SyncWorker> {
    const { sql } = options;
    await migrateSyncState(sql);
    const vault = new SqlSecretVault(sql, options.serverSecret);
    const ports: WorkerPorts = {
      sql,
      store: new SqlStateStore(sql),
      audit: new SqlAuditLog(sql, { secrets: () => vault.knownValues() }),
      inbox: new SqlConflictInbox(sql),
      vault,
      databases: new ServerDatabases(sql),
      events: new EventBus(options.onError),
      clock: options.clock ?? systemClock,
      ...(options.notionBaseUrl !== undefined && { notionBaseUrl: options.notionBaseUrl }),
      ...(options.budget !== undefined && { budget: options.budget }),
      onError: options.onError,
    };
    const gateways = new Gateways(ports);
    const locks = new RunLocks(sql);
    const queue = await JobQueue.start(sql, {
      onError: options.onError,
      queues: [SYNC_DATABASE, SYNC_TICK],
      ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
    });
    const worker = new SyncWorker(ports, gateways, queue);
    await queue.work(SYNC_DATABASE, async ({ databaseId }) => {
      const result = await locks.run(databaseId, () => runServerDatabase(ports, gateways, databaseId));
      options.onRun?.(databaseId, result.ran ? result.value : { kind: "busy" });
    });
    await queue.work(SYNC_TICK, async () => {
      for (const database of await ports.databases.list()) await worker.syncNow(database.id);
    });
    await queue.schedule(SYNC_TICK, SYNC_SCHEDULE, {});
    return worker;
  }

  /** Queues a run of the database on whichever worker is free ("Sync now"); a run already waiting is enough. */
  async syncNow(databaseId: string): Promise<void> {
    await this.queue.enqueue(SYNC_DATABASE, { databaseId }, { key: databaseId });
  }

  /** Fetches nothing more, lets the runs in flight finish (10 s at most; the rest go to another worker). */
  async stop(): Promise<void> {
    await this.queue.stop();
  }
}
