import type { Clock, NotionEventOutcome, NotionWebhookEvent } from "@linksync/core";
import { defineQueue, type JobInfo, JobQueue } from "@linksync/shortener";
import {
  databaseReadiness,
  type Readiness,
  SERVER_MIGRATIONS,
  type SqlClient,
} from "@linksync/shortener/database";
import type { BudgetSettings } from "../budget/budget-rules";
import { SYNC_MIGRATIONS } from "../database/sync-migrations";
import { type RunWork, SyncMetrics } from "../ops/sync-metrics";
import { createServerNotionWebhooks, type ServerNotionWebhooks } from "../webhooks/server-notion-webhooks";
import { Gateways, runServerDatabase, type ServerRunOutcome, type WorkerPorts } from "./database-run";
import { PendingRows } from "./pending-rows";
import { RunLocks } from "./run-locks";
import { type DatabaseRunJob, RunTurns } from "./run-turns";
import { openServerPorts } from "./server-ports";

/** How fast the cluster notices a dead worker and retries; the defaults pick a crashed run up within a minute. */
export interface SyncTimings {
  /**
   * A run still going this long after it started is failed and retried on another worker (its worker died). A
   * longer run is not cut: its retry finds the run lock held and waits (`busyRetryMs`). Fixed when the queues are
   * first created in a database. Default 40.
   */
  readonly runExpireSeconds: number;
  /** How often one worker of the cluster fails the expired runs (seconds). Default 15. */
  readonly expiryCheckSeconds: number;
  /** A job that finds its database's run lock held is queued again this much later (ms). Default 2000. */
  readonly busyRetryMs: number;
  /** How long a stopping worker lets its runs finish before handing them back (ms). Default 10 s. */
  readonly stopTimeoutMs: number;
}

export const DEFAULT_SYNC_TIMINGS: SyncTimings = {
  runExpireSeconds: 40,
  expiryCheckSeconds: 15,
  busyRetryMs: 2_000,
  stopTimeoutMs: 10_000,
};

const RETRY = { limit: 3, delaySeconds: 2, backoff: false } as const;

/**
 * The sync queues. `stately` keyed by the database id: at most one job per database waiting and one running per
 * queue, cluster-wide; the run lock keeps a whole run and a rows run of one database apart.
 */
export function syncQueues(runExpireSeconds: number = DEFAULT_SYNC_TIMINGS.runExpireSeconds) {
  return {
    /** One whole run of one database (the schedule, Sync now), fetched in fair turns between connections. */
    database: defineQueue<DatabaseRunJob>({
      name: "linksync-sync-database",
      policy: "stately",
      concurrency: 4,
      expireSeconds: runExpireSeconds,
      retry: RETRY,
    }),
    /** The rows Notion's webhooks named for one database (`sync_pending_rows`). */
    rows: defineQueue<{ readonly databaseId: string }>({
      name: "linksync-sync-rows",
      policy: "stately",
      concurrency: 4,
      expireSeconds: runExpireSeconds,
      retry: RETRY,
    }),
    /** Every five minutes: one run of every server database (a database already waiting is not queued twice). */
    tick: defineQueue<Record<string, never>>({ name: "linksync-sync-tick", policy: "stately" }),
  };
}

const DEFAULT_QUEUES = syncQueues();
export const SYNC_DATABASE = DEFAULT_QUEUES.database;
export const SYNC_ROWS = DEFAULT_QUEUES.rows;
export const SYNC_TICK = DEFAULT_QUEUES.tick;
export const SYNC_SCHEDULE = "*/5 * * * *";

export type WorkerRunOutcome = ServerRunOutcome | { readonly kind: "busy" };

export interface SyncWorkerOptions {
  readonly sql: SqlClient;
  /** The server's secret (`LINKSYNC_SHORTENER_SECRETS_KEY`): the key the tokens are sealed under derives from it. */
  readonly serverSecret: string;
  readonly notionBaseUrl?: string;
  readonly budget?: Partial<BudgetSettings>;
  readonly clock?: Clock;
  readonly timings?: Partial<SyncTimings>;
  readonly onError: (error: unknown) => void;
  /** Told when this worker starts a run, holding the database's lock (logs, tests). */
  readonly onRunStart?: (databaseId: string, work: "database" | "rows") => void;
  /** Told of every run this worker made or left to another (tests, logs). */
  readonly onRun?: (databaseId: string, outcome: WorkerRunOutcome) => void;
  /** Told of every Notion webhook event this worker accepted and what came of it. */
  readonly onNotionEvent?: (
    connectionId: string,
    event: NotionWebhookEvent,
    outcome: NotionEventOutcome,
  ) => void;
  /** How often an idle worker looks for due jobs (ms). Default 1000. */
  readonly pollIntervalMs?: number;
}

/**
 * A `linksync-server worker` process: runs database syncs as durable jobs (pg-boss, through the shortener's queue
 * module) from the same PostgreSQL as every other worker, each connection's Notion budget shared by all of them,
 * and takes Notion's webhooks in (`notionWebhooks`, a request handler) as row-sync jobs.
 */
export class SyncWorker {
  /** Mount on the server's public port: `POST /notion/webhooks/<connection id>`. */
  readonly notionWebhooks: ServerNotionWebhooks;
  readonly metrics = new SyncMetrics();
  private stopping = false;
  /** Each database's connection, for the metrics' labels (a database never moves to another connection). */
  private readonly connections = new Map<string, string>();

  private constructor(
    readonly ports: WorkerPorts,
    readonly gateways: Gateways,
    private readonly queue: JobQueue,
    private readonly queues: ReturnType<typeof syncQueues>,
    private readonly turns: RunTurns,
    private readonly pending: PendingRows,
    private readonly timings: SyncTimings,
    onNotionEvent: SyncWorkerOptions["onNotionEvent"],
  ) {
    this.notionWebhooks = createServerNotionWebhooks({
      ports,
      gateways,
      sync: this,
      ...(onNotionEvent !== undefined && { onEvent: onNotionEvent }),
    });
  }

  static async start(options: SyncWorkerOptions): Promise<SyncWorker> {
    const { sql } = options;
    const timings = { ...DEFAULT_SYNC_TIMINGS, ...options.timings };
    const ports = await openServerPorts(sql, options);
    const gateways = new Gateways(ports);
    const locks = new RunLocks(sql);
    const pending = new PendingRows(sql);
    const queues = syncQueues(timings.runExpireSeconds);
    const queue = await JobQueue.start(sql, {
      onError: options.onError,
      queues: [queues.database, queues.rows, queues.tick],
      maintenanceSeconds: timings.expiryCheckSeconds,
      ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
    });
    const turns = new RunTurns(sql, queue, queues.database);
    const worker = new SyncWorker(
      ports,
      gateways,
      queue,
      queues,
      turns,
      pending,
      timings,
      options.onNotionEvent,
    );
    const report = (databaseId: string, outcome: WorkerRunOutcome) => options.onRun?.(databaseId, outcome);
    await queue.work(queues.database, async (job, info) => {
      await turns.started(job);
      const { databaseId } = job;
      const result = await worker.measured(databaseId, "database", info, () =>
        locks.run(databaseId, () => {
          options.onRunStart?.(databaseId, "database");
          return runServerDatabase(ports, gateways, databaseId);
        }),
      );
      if (result.ran) return report(databaseId, result.value);
      report(databaseId, { kind: "busy" });
      await turns.again(job, timings.busyRetryMs);
    });
    await queue.work(queues.rows, async ({ databaseId }, info) => {
      const result = await worker.measured(databaseId, "rows", info, () =>
        locks.run(databaseId, async () => {
          const taken = await pending.take(databaseId);
          if (taken === null) return null;
          options.onRunStart?.(databaseId, "rows");
          const outcome = await runServerDatabase(ports, gateways, databaseId, {
            kind: "rows",
            pageIds: taken.pageIds,
          });
          await pending.settle(databaseId, taken);
          return outcome;
        }),
      );
      if (result.ran) {
        if (result.value !== null) report(databaseId, result.value);
        return;
      }
      report(databaseId, { kind: "busy" });
      // Another run of the database holds its lock: the job comes back later rather than being dropped.
      await queue.enqueue(queues.rows, { databaseId }, { key: databaseId, delayMs: timings.busyRetryMs });
    });
    await queue.work(queues.tick, async () => {
      for (const database of await ports.databases.list())
        await turns.add(database.id, database.connectionId);
    });
    await queue.schedule(queues.tick, SYNC_SCHEDULE, {});
    return worker;
  }

  /** Queues a run of the database on whichever worker is free ("Sync now"); a run already waiting is enough. */
  async syncNow(databaseId: string): Promise<void> {
    const database = await this.ports.databases.get(databaseId);
    if (database !== null) await this.turns.add(database.id, database.connectionId);
  }

  /** Queues the rows for a targeted run of their database (a Notion webhook named them). */
  async syncRows(databaseId: string, pageIds: readonly string[]): Promise<void> {
    await this.pending.add(databaseId, pageIds);
    await this.queue.enqueue(this.queues.rows, { databaseId }, { key: databaseId });
  }

  /** `/ready`: the database answers with every migration applied (the link service's and the sync tables'), and this worker is not stopping. */
  async readiness(): Promise<Readiness> {
    if (this.stopping) return { ready: false, reason: "the worker is stopping" };
    return databaseReadiness(this.ports.sql, [SERVER_MIGRATIONS, SYNC_MIGRATIONS]);
  }

  /** `/metrics`: this worker's Prometheus text (`SyncMetrics`). */
  metricsText(): Promise<string> {
    return this.metrics.render({
      gateways: this.gateways.entries(),
      jobsWaiting: async () => ({
        [this.queues.database.name]: await this.queue.depth(this.queues.database),
        [this.queues.rows.name]: await this.queue.depth(this.queues.rows),
      }),
    });
  }

  /**
   * Fetches nothing more and lets the runs in flight finish; a run still going after `stopTimeoutMs` is handed back
   * (its job failed at once, so another worker retries it after 2 s; the outbox makes the cut run safe to redo).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.queue.stop({ timeoutMs: this.timings.stopTimeoutMs, handBack: true });
  }

  /** Runs a job's work, recording its queue lag, outcome and duration under its database's connection. */
  private async measured<T>(
    databaseId: string,
    work: RunWork,
    info: JobInfo,
    run: () => Promise<{ ran: true; value: T } | { ran: false }>,
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    const connectionId = await this.connectionOf(databaseId);
    this.metrics.observeLag(connectionId, work, info.lagMs);
    const startedAt = performance.now();
    try {
      const result = await run();
      const outcome = !result.ran
        ? "busy"
        : typeof result.value === "object" && result.value !== null && "kind" in result.value
          ? String(result.value.kind)
          : "nothing";
      this.metrics.observeRun(
        connectionId,
        work,
        outcome,
        result.ran ? (performance.now() - startedAt) / 1000 : null,
      );
      return result;
    } catch (error) {
      this.metrics.observeRun(connectionId, work, "failed", (performance.now() - startedAt) / 1000);
      throw error;
    }
  }

  private async connectionOf(databaseId: string): Promise<string> {
    let connectionId = this.connections.get(databaseId);
    if (connectionId === undefined) {
      connectionId = (await this.ports.databases.get(databaseId))?.connectionId;
      if (connectionId === undefined) return "none";
      this.connections.set(databaseId, connectionId);
    }
    return connectionId;
  }
}
