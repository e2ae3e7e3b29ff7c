import type { SqlClient } from "../database/sql-client";
import type { JobQueue } from "../jobs/job-queue";
import { defineQueue } from "../jobs/queue-spec";

/**
 * How long the Idempotency-Key of a link PATCH answers its stored result (`link_update_keys`). A client that lost
 * an answer asks again when it next runs; past this, a repeat runs as a new PATCH (with `If-Match`, it then gets 412,
 * the link having moved on). Linksync's agents send keyed PATCHes only to reset a conflict and retry within minutes
 * to days; 30 days covers a laptop closed for a holiday.
 */
export const UPDATE_KEY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Once a day (UTC), from whichever instance's queue checks first: pg-boss sends one job per tick. */
export const UPDATE_KEY_PRUNING_CRON = "17 3 * * *";

export const UPDATE_KEY_PRUNING_QUEUE = defineQueue<Record<string, never>>({
  name: "prune-link-update-keys",
  policy: "singleton",
  expireSeconds: 600,
});

/** Rows per statement, so a first pruning of a large backlog never holds the table (or PGlite's session) long. */
const PRUNE_BATCH = 5000;

/**
 * Deletes the Idempotency-Keys of link PATCHes older than `UPDATE_KEY_RETENTION_MS` by the server's clock (the
 * clock that stamped them), in batches; answers how many went.
 */
export async function pruneUpdateKeys(sql: SqlClient, nowMs: number): Promise<number> {
  const before = new Date(nowMs - UPDATE_KEY_RETENTION_MS).toISOString();
  let pruned = 0;
  for (;;) {
    const { rows } = await sql.query<{ pruned: number }>(
      `WITH old AS (
         SELECT account_id, key FROM link_update_keys WHERE created_at < $1 LIMIT ${PRUNE_BATCH}),
       deleted AS (
         DELETE FROM link_update_keys AS k USING old
         WHERE k.account_id = old.account_id AND k.key = old.key
         RETURNING 1)
       SELECT count(*)::integer AS pruned FROM deleted`,
      [before],
    );
    const batch = rows[0]?.pruned ?? 0;
    pruned += batch;
    if (batch < PRUNE_BATCH) return pruned;
  }
}

/** Works the pruning queue on this instance and (re)declares its daily schedule: idempotent at every start. */
export async function schedulePruning(jobs: JobQueue, sql: SqlClient, now: () => number): Promise<void> {
  await jobs.work(UPDATE_KEY_PRUNING_QUEUE, async () => {
    await pruneUpdateKeys(sql, now());
  });
  await jobs.schedule(UPDATE_KEY_PRUNING_QUEUE, UPDATE_KEY_PRUNING_CRON, {});
}

/** Whether any key waits to be pruned one day: the embedded engine starts its job queue only when there is work. */
export async function hasUpdateKeys(sql: SqlClient): Promise<boolean> {
  const { rows } = await sql.query("SELECT 1 FROM link_update_keys LIMIT 1");
  return rows.length > 0;
}
