import type { SqlClient } from "@linksync/shortener/database";

/**
 * At most one run of a database at a time, cluster-wide. The job queue already runs one job per database at a time;
 * this lock also covers the moment pg-boss gives up on a run that is still going (it expires after
 * `expireSeconds`) and hands the job to another worker: that worker finds the lock held and leaves the run to its
 * owner. On PostgreSQL it is a transaction-level advisory lock held on one pooled connection for the run (a killed
 * worker's connection closes, which releases it); PGlite lives in one process, where a set does the same.
 */
export class RunLocks {
  private readonly local = new Set<string>();

  constructor(private readonly sql: SqlClient) {}

  /** Runs `work` holding the database's lock; `busy` when another run holds it. */
  async run<T>(
    databaseId: string,
    work: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.sql.engine === "pglite") {
      if (this.local.has(databaseId)) return { ran: false };
      this.local.add(databaseId);
      try {
        return { ran: true, value: await work() };
      } finally {
        this.local.delete(databaseId);
      }
    }
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtext($2), hashtext($1)) AS locked",
        // Advisory locks are database-wide: the schema keeps two deployments (or tests) sharing one apart.
        [databaseId, `linksync-sync-run:${this.sql.schema}`],
      );
      if (rows[0]?.locked !== true) return { ran: false as const };
      return { ran: true as const, value: await work() };
    });
  }
}
