import { JobQueue } from "@linksync/shortener";
import { afterEach, describe, expect, it } from "vitest";
import { openTestSql } from "../testing/test-sql";
import { type DatabaseRunJob, RunTurns } from "./run-turns";
import { syncQueues } from "./sync-worker";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("fair turns between connections", () => {
  it("a worker takes every connection's first waiting run before anyone's second, whatever the queueing order", async () => {
    const db = await openTestSql("postgres");
    cleanups.push(() => db.drop());
    const spec = { ...syncQueues().database, concurrency: 1 };
    const queue = await JobQueue.start(db.sql, { onError: (error) => console.error(error), queues: [spec] });
    cleanups.push(() => queue.stop());
    const turns = new RunTurns(db.sql, queue, spec);
    // Queued one connection after another, as attaching a workspace's databases does.
    const queued: [string, string][] = [
      ["a-1", "A"],
      ["a-2", "A"],
      ["a-3", "A"],
      ["a-4", "A"],
      ["b-1", "B"],
      ["b-2", "B"],
      ["b-3", "B"],
      ["c-1", "C"],
      ["c-2", "C"],
      // Already waiting: nothing queued, and A's turn is not used up.
      ["a-1", "A"],
      ["a-5", "A"],
    ];
    for (const [databaseId, connectionId] of queued) await turns.add(databaseId, connectionId);

    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      void queue.work(spec, async (job: DatabaseRunJob) => {
        await turns.started(job);
        order.push(job.databaseId);
        if (order.length === 10) resolve();
      });
    });
    await done;
    expect(order).toEqual(["a-1", "b-1", "c-1", "a-2", "b-2", "c-2", "a-3", "b-3", "a-4", "a-5"]);

    // A connection new to the cluster starts at the turn reached, not at 0 (no head start over the others).
    await turns.add("d-1", "D");
    const { rows } = await db.sql.query<{ connection_id: string; next_turn: string }>(
      "SELECT connection_id, next_turn FROM sync_run_turns ORDER BY connection_id",
    );
    expect(rows.map((row) => [row.connection_id, Number(row.next_turn)])).toEqual([
      ["A", 5],
      ["B", 3],
      ["C", 2],
      ["D", 5],
    ]);
  }, 60_000);
});
