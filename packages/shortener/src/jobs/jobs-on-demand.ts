import type { SqlClient } from "../database/sql-client";
import { jobsSchemaFor } from "../database/sql-client";
import { JobQueue, type JobQueueOptions } from "./job-queue";
import type { QueueSpec } from "./queue-spec";

/**
 * The server's job queue, started when first needed: at once on PostgreSQL (other instances may enqueue work for
 * this one), and on the embedded engine only when there is work (a first webhook event, a first Link Preview, a
 * first Idempotency-Key to prune one day) or work left from an earlier run (`hasWork`). Creating pg-boss's schema in
 * PGlite takes about half a second, which a laptop or test server that never uses any of these should not pay.
 */
export class JobsOnDemand {
  private started: Promise<JobQueue> | null = null;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: JobQueueOptions,
    /** Registers the workers, once, as the queue starts. */
    private readonly setUp: (jobs: JobQueue) => Promise<void>,
    /** Whether the database holds something a job will have to deal with, besides jobs. */
    private readonly hasWork: () => Promise<boolean> = async () => false,
  ) {}

  async startIfNeeded(): Promise<void> {
    if (this.sql.engine === "postgres" || (await this.hasJobTables()) || (await this.hasWork())) {
      await this.get();
    }
  }

  /** Never call inside a transaction on PGlite: starting needs the database the transaction holds. */
  get(): Promise<JobQueue> {
    this.started ??= JobQueue.start(this.sql, this.options).then(
      async (jobs) => {
        await this.setUp(jobs);
        return jobs;
      },
      (error: unknown) => {
        this.started = null;
        throw error;
      },
    );
    return this.started;
  }

  /** Waiting jobs; 0 while the queue was never needed. */
  async depth(spec: QueueSpec<object>): Promise<number> {
    return this.started ? (await this.started).depth(spec) : 0;
  }

  async stop(options: { readonly drainMs?: number } = {}): Promise<void> {
    if (this.started) await (await this.started).stop(options);
  }

  private async hasJobTables(): Promise<boolean> {
    const { rows } = await this.sql.query<{ found: string | null }>("SELECT to_regclass($1)::text AS found", [
      `${jobsSchemaFor(this.sql.schema)}.job`,
    ]);
    return rows[0]?.found != null;
  }
}
