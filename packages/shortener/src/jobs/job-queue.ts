import PgBoss from "pg-boss";
import { jobsSchemaFor, type SqlClient, type SqlQueryable } from "../database/sql-client";
import { DEFAULT_QUEUE_RETRY, type QueueSpec } from "./queue-spec";

export interface JobQueueOptions {
  /** Told of every failure the queue cannot hand to a caller: a handler that threw, a lost connection. */
  readonly onError: (error: unknown) => void;
  /**
   * How often an idle worker looks for jobs that became due (a delay, a retry, a job an instance left behind).
   * Jobs enqueued by any instance wake the workers at once (NOTIFY). Default 1000 ms.
   */
  readonly pollIntervalMs?: number;
  /** How often schedules are checked for a due tick (seconds). Default 30; a tick is never sent twice. */
  readonly cronCheckSeconds?: number;
  /**
   * How often one instance of the cluster fails the jobs that outlived their `expireSeconds` (their instance died),
   * so they are retried (seconds). Default 120, pg-boss's; a job is picked up again within expiry + this.
   */
  readonly maintenanceSeconds?: number;
  /** Queues created at start; a queue must be among them to be enqueued on `within` a transaction. */
  readonly queues?: readonly QueueSpec<object>[];
}

export interface EnqueueOptions {
  /** With a `stately` queue: one job of this key waits at most (a second enqueue answers null), one runs at most. */
  readonly key?: string;
  /** Not run before this many milliseconds from now (on the database's clock). */
  readonly delayMs?: number;
  /** Fetched before the due jobs of lower priority, whatever their age (pg-boss's priority). Default 0. */
  readonly priority?: number;
  /**
   * Inserts the job in the caller's transaction, so it exists only if the transaction commits (a row and its job
   * together). The workers are woken when it commits.
   */
  readonly within?: SqlQueryable;
}

export interface JobInfo {
  readonly id: string;
  /** 0 on the first run; pg-boss's retries (a handler that threw, an expired run) count up. */
  readonly retryCount: number;
  /** How long the job waited for a worker once due (its start minus its due time, both on the database's clock). */
  readonly lagMs: number;
}

export type JobHandler<Data extends object> = (data: Data, job: JobInfo) => Promise<void>;

const WAKE_CHANNEL = "linksync_jobs";
/** Instances starting together on an empty database would both create pg-boss's tables: one at a time. */
const START_LOCK = 7_310_482_114;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Durable background work on pg-boss, in the same database as everything else and on either engine (PostgreSQL
 * through the `pg` pool, PGlite in the process): a job survives restarts, is run by whichever instance is up, and is
 * retried when its handler throws or its instance dies. pg-boss's tables live in their own schema
 * (`jobsSchemaFor`). The work loop is ours (a few lines over pg-boss's `fetch`/`complete`/`fail`) so that stopping
 * waits for the handlers in flight and fetches nothing more, and an enqueue wakes every instance's workers at once.
 */
export class JobQueue {
  private readonly workers = new Map<string, QueueWorker>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly created = new Set<string>();
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly sql: SqlClient,
    private readonly boss: PgBoss,
    private readonly database: BossDatabase,
    private readonly options: JobQueueOptions,
  ) {}

  static async start(sql: SqlClient, options: JobQueueOptions): Promise<JobQueue> {
    const database = new BossDatabase(sql);
    const cronCheckSeconds = options.cronCheckSeconds ?? 30;
    const boss = new PgBoss({
      db: database,
      schema: jobsSchemaFor(sql.schema),
      migrate: true,
      cronMonitorIntervalSeconds: cronCheckSeconds,
      cronWorkerIntervalSeconds: Math.min(5, cronCheckSeconds),
      ...(options.maintenanceSeconds !== undefined && {
        maintenanceIntervalSeconds: options.maintenanceSeconds,
      }),
    });
    boss.on("error", options.onError);
    if (sql.engine === "postgres") {
      // The lock is held on one pooled connection while pg-boss migrates on others.
      await sql.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock($1)", [START_LOCK]);
        await boss.start();
      });
    } else {
      // PGlite runs in this process only: nobody to race, and its single session could not wait on itself.
      await boss.start();
    }
    const queue = new JobQueue(sql, boss, database, options);
    for (const spec of options.queues ?? []) await queue.ensure(spec);
    await sql.listen(
      WAKE_CHANNEL,
      (name) => queue.workers.get(name)?.wake(),
      () => {
        for (const worker of queue.workers.values()) worker.wake();
      },
    );
    return queue;
  }

  /** Runs `handle` for the queue's jobs on this instance, `spec.concurrency` at a time, until `stop`. */
  async work<Data extends object>(spec: QueueSpec<Data>, handle: JobHandler<Data>): Promise<void> {
    if (this.workers.has(spec.name)) throw new Error(`Queue "${spec.name}" already has a worker here.`);
    await this.ensure(spec);
    this.workers.set(
      spec.name,
      new QueueWorker(this.boss, spec, handle as JobHandler<object>, {
        pollIntervalMs: this.options.pollIntervalMs ?? 1000,
        onError: this.options.onError,
      }),
    );
  }

  /** Adds a job; answers its id, or null when a `stately` queue already holds one waiting for `key`. */
  async enqueue<Data extends object>(
    spec: QueueSpec<Data>,
    data: Data,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    if (options.within && !this.created.has(spec.name)) {
      // Creating it now would wait on the database the transaction holds (PGlite has one session).
      throw new Error(
        `Queue "${spec.name}" must be in JobQueue.start's queues to be enqueued within a transaction.`,
      );
    }
    await this.ensure(spec);
    const id = await this.boss.send(spec.name, data, {
      ...(options.key !== undefined && { singletonKey: options.key }),
      // Seconds on the database's clock, so instances whose clocks differ agree on when it is due.
      ...(options.delayMs !== undefined && options.delayMs > 0 && { startAfter: options.delayMs / 1000 }),
      ...(options.priority !== undefined && { priority: options.priority }),
      ...(options.within && { db: new BossDatabase(options.within) }),
    });
    if (id !== null) {
      await (options.within ?? this.sql).query("SELECT pg_notify($1, $2)", [
        this.sql.channel(WAKE_CHANNEL),
        spec.name,
      ]);
    }
    return id;
  }

  /** Enqueues `data` on `cron` (5 fields, UTC), from whichever instance checks first: one job per tick. */
  async schedule<Data extends object>(spec: QueueSpec<Data>, cron: string, data: Data): Promise<void> {
    await this.ensure(spec);
    await this.boss.schedule(spec.name, cron, data, { tz: "UTC" });
  }

  async unschedule(spec: QueueSpec<object>): Promise<void> {
    await this.boss.unschedule(spec.name);
  }

  /** Jobs waiting (due or delayed, retries included), for metrics. */
  async depth(spec: QueueSpec<object>): Promise<number> {
    await this.ensure(spec);
    return (await this.boss.getQueueSize(spec.name)) ?? 0;
  }

  /**
   * Stops fetching (after `drainMs`, default 0, of running the jobs already due, so a single instance sends what
   * it just enqueued before it stops), lets the handlers in flight finish (up to `timeoutMs`, 10 s; what is still
   * running then is run again after its expiry by any instance, or after the retry delay with `handBack`), and stops
   * pg-boss. The database stays open: its owner closes it.
   */
  stop(options: StopOptions = {}): Promise<void> {
    this.stopping ??= (async () => {
      const workers = [...this.workers.values()];
      const drainUntil = Date.now() + (options.drainMs ?? 0);
      for (const worker of workers) worker.stop(drainUntil);
      await settleWithin(
        Promise.all(workers.map((worker) => worker.done)),
        options.timeoutMs ?? STOP_TIMEOUT_MS,
      );
      if (options.handBack === true) {
        for (const worker of workers) await worker.handBack();
      }
      await this.boss.stop({ graceful: false, wait: true });
      await this.database.close();
    })();
    return this.stopping;
  }

  private ensure(spec: QueueSpec<object>): Promise<void> {
    let created = this.queues.get(spec.name);
    if (!created) {
      const retry = spec.retry ?? DEFAULT_QUEUE_RETRY;
      created = this.boss.createQueue(spec.name, {
        name: spec.name,
        policy: spec.policy,
        retryLimit: retry.limit,
        retryDelay: retry.delaySeconds,
        retryBackoff: retry.backoff,
        expireInSeconds: spec.expireSeconds ?? 60,
      });
      created.then(
        () => this.created.add(spec.name),
        () => this.queues.delete(spec.name),
      );
      this.queues.set(spec.name, created);
    }
    return created;
  }
}

export interface StopOptions {
  /** Keeps running the jobs already due this long before fetching stops (ms). Default 0. */
  readonly drainMs?: number;
  /** How long the handlers in flight may finish (ms). Default 10 s. */
  readonly timeoutMs?: number;
  /**
   * The jobs still running after `timeoutMs` are failed at once, so any instance retries them after the retry delay
   * instead of after their expiry. Only for handlers that are safe to run again while the first still ends.
   */
  readonly handBack?: boolean;
}

interface WorkerSettings {
  readonly pollIntervalMs: number;
  readonly onError: (error: unknown) => void;
}

/** One queue's loop on this instance: fetch what fits in the free slots, run it, sleep when nothing is due. */
class QueueWorker {
  readonly done: Promise<void>;
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private drainUntil = 0;
  private woken = false;
  private sleeper: { timer: NodeJS.Timeout; resolve: () => void } | null = null;

  constructor(
    private readonly boss: PgBoss,
    private readonly spec: QueueSpec<object>,
    private readonly handle: JobHandler<object>,
    private readonly settings: WorkerSettings,
  ) {
    this.done = this.loop();
  }

  wake(): void {
    this.woken = true;
    this.sleeper?.resolve();
  }

  /** Runs what is due until `drainUntil` (epoch ms), then fetches nothing more. */
  stop(drainUntil: number): void {
    this.stopped = true;
    this.drainUntil = drainUntil;
    this.wake();
  }

  /** Fails the jobs still running here, so another instance retries them. */
  async handBack(): Promise<void> {
    for (const id of this.running.keys()) {
      try {
        await this.boss.fail(this.spec.name, id, { message: "handed back: its instance is stopping" });
      } catch (error) {
        this.settings.onError(error);
      }
    }
  }

  private async loop(): Promise<void> {
    const concurrency = this.spec.concurrency ?? 1;
    while (!this.stopped || Date.now() < this.drainUntil) {
      this.woken = false;
      const free = concurrency - this.running.size;
      const jobs = free > 0 ? await this.fetch(free) : [];
      for (const job of jobs) this.run(job);
      // A full batch may mean more are due: go again as soon as a slot frees. Otherwise sleep until woken, or,
      // stopping, end: nothing more is due.
      if (jobs.length === free) await Promise.race(this.running.values());
      else if (this.stopped) break;
      else if (!this.woken) await this.sleep();
    }
    await Promise.all(this.running.values());
  }

  private async fetch(count: number): Promise<PgBoss.JobWithMetadata<object>[]> {
    try {
      return await this.boss.fetch<object>(this.spec.name, { batchSize: count, includeMetadata: true });
    } catch (error) {
      this.settings.onError(error);
      return [];
    }
  }

  private run(job: PgBoss.JobWithMetadata<object>): void {
    const { name } = this.spec;
    const lagMs = Math.max(0, new Date(job.startedOn).getTime() - new Date(job.startAfter).getTime());
    const running = this.handle(job.data, { id: job.id, retryCount: job.retryCount, lagMs })
      .then(
        () => this.boss.complete(name, job.id),
        (error: unknown) => {
          this.settings.onError(error);
          return this.boss.fail(name, job.id, { message: messageOf(error) });
        },
      )
      .then(
        () => undefined,
        (error: unknown) => this.settings.onError(error),
      )
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, running);
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.sleeper?.resolve(), this.settings.pollIntervalMs);
      this.sleeper = {
        timer,
        resolve: () => {
          clearTimeout(timer);
          this.sleeper = null;
          resolve();
        },
      };
    });
  }
}

/**
 * pg-boss's database port over our client: statements with parameters go through `query`, scripts without
 * (pg-boss's DDL, several statements between its own BEGIN and COMMIT) through `exec`, which PGlite needs (its
 * `query` takes one statement). Calls in flight are awaited by `close`, after which none are accepted, so pg-boss's
 * timers never reach a closed pool.
 */
class BossDatabase implements PgBoss.Db {
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly sql: SqlQueryable) {}

  executeSql(text: string, values?: unknown[]): Promise<{ rows: object[] }> {
    if (this.closed) return Promise.reject(new Error("The job queue is stopped."));
    const call =
      values !== undefined && values.length > 0 ? this.sql.query(text, values) : this.sql.exec(text);
    this.inFlight.add(call);
    return call.finally(() => this.inFlight.delete(call));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.inFlight);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
