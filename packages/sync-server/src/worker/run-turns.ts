import type { JobQueue, QueueSpec } from "@linksync/shortener";
import type { SqlClient } from "@linksync/shortener/database";

/** A whole run of one database: the connection and turn decide when it is fetched (`RunTurns`). */
export interface DatabaseRunJob {
  readonly databaseId: string;
  /** Absent on jobs queued before turns existed: they keep priority 0 and are fetched first. */
  readonly connectionId?: string;
  readonly turn?: number;
}

/**
 * Fair turns between connections. Each connection's budget is its own (Notion limits per integration), so runs of
 * one connection's databases wait on each other while another connection's budget goes unused: taken in queue
 * order, a backfill of many databases ran mostly one connection at a time. Each queued run gets its connection's
 * next turn, never behind the turn the cluster has reached (the highest a worker started, so a connection idle for
 * a day does not jump ahead by a day's turns), and the job's pg-boss priority is minus that turn: every worker takes
 * every connection's first waiting run before anyone's second, whatever the order they were queued in. A
 * connection's turn is held in its row for the transaction, so the turn and the job are queued together or not at all.
 */
export class RunTurns {
  constructor(
    private readonly sql: SqlClient,
    private readonly queue: JobQueue,
    private readonly spec: QueueSpec<DatabaseRunJob>,
  ) {}

  /** Queues a run of the database at its connection's next turn; nothing when one is already waiting. */
  async add(databaseId: string, connectionId: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ turn: string }>(
        `INSERT INTO sync_run_turns AS t (connection_id, next_turn)
         VALUES ($1, (SELECT turn FROM sync_run_clock) + 1)
         ON CONFLICT (connection_id) DO UPDATE
           SET next_turn = greatest(t.next_turn, (SELECT turn FROM sync_run_clock)) + 1
         RETURNING next_turn - 1 AS turn`,
        [connectionId],
      );
      const turn = Number(rows[0]!.turn);
      const id = await this.queue.enqueue(
        this.spec,
        { databaseId, connectionId, turn },
        { key: databaseId, priority: -turn, within: tx },
      );
      // A run of the database already waits (stately): the turn is given back.
      if (id === null) {
        await tx.query("UPDATE sync_run_turns SET next_turn = next_turn - 1 WHERE connection_id = $1", [
          connectionId,
        ]);
      }
    });
  }

  /** Queues the job again `delayMs` later at the same turn (its database's run lock was held). */
  async again(job: DatabaseRunJob, delayMs: number): Promise<void> {
    await this.queue.enqueue(this.spec, job, {
      key: job.databaseId,
      delayMs,
      ...(job.turn !== undefined && { priority: -job.turn }),
    });
  }

  /** A worker started the job: the cluster has reached its turn. */
  async started(job: DatabaseRunJob): Promise<void> {
    if (job.turn === undefined) return;
    await this.sql.query("UPDATE sync_run_clock SET turn = greatest(turn, $1)", [job.turn]);
  }
}
