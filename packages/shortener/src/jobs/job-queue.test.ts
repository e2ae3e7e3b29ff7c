import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import { JobQueue, type JobQueueOptions } from "./job-queue";
import { defineQueue } from "./queue-spec";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function database(engine: (typeof TEST_ENGINES)[number]): Promise<TestDatabase> {
  const opened = await openTestDatabase(engine);
  cleanup.push(() => opened.drop());
  return opened;
}

const errors: unknown[] = [];
async function queueOn(db: TestDatabase, options: Partial<JobQueueOptions> = {}): Promise<JobQueue> {
  const queue = await JobQueue.start(db.sql, {
    onError: (error) => errors.push(error),
    pollIntervalMs: 100,
    ...options,
  });
  cleanup.push(() => queue.stop());
  return queue;
}

let counter = 0;
function uniqueName(what: string): string {
  counter += 1;
  return `${what}_${counter}`;
}

const minuteOf = (epochMs: number) => Math.floor(epochMs / 60_000);

/** Waits (up to 20 s) until at most 40 s of the current clock minute have passed. */
async function untilEarlyInAMinute(): Promise<void> {
  const intoMinuteMs = Date.now() % 60_000;
  if (intoMinuteMs > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinuteMs + 100));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe.each(TEST_ENGINES)("the job queue on %s", (engine) => {
  it("runs enqueued jobs with their data and dedupes a key already waiting", async () => {
    const db = await database(engine);
    const jobs = await queueOn(db);
    const spec = defineQueue<{ n: number }>({ name: uniqueName("echo"), policy: "stately" });
    expect(await jobs.enqueue(spec, { n: 1 }, { key: "k" })).toEqual(expect.any(String));
    expect(await jobs.enqueue(spec, { n: 2 }, { key: "k" })).toBeNull();
    expect(await jobs.enqueue(spec, { n: 3 }, { key: "other" })).toEqual(expect.any(String));
    expect(await jobs.depth(spec)).toBe(2);
    const seen: number[] = [];
    await jobs.work(spec, async (data) => {
      seen.push(data.n);
    });
    await waitFor(() => seen.length === 2, "both jobs");
    expect(seen.sort()).toEqual([1, 3]);
    await waitFor(async () => (await jobs.depth(spec)) === 0, "an empty queue");
  });

  it("holds a delayed job until it is due", async () => {
    const db = await database(engine);
    const jobs = await queueOn(db);
    const spec = defineQueue<{ at: number }>({ name: uniqueName("later"), policy: "standard" });
    const ran: number[] = [];
    await jobs.work(spec, async () => {
      ran.push(Date.now());
    });
    const enqueuedAt = Date.now();
    await jobs.enqueue(spec, { at: enqueuedAt }, { delayMs: 1200 });
    await waitFor(() => ran.length === 1, "the delayed job");
    expect(ran[0]! - enqueuedAt).toBeGreaterThanOrEqual(1000);
  });

  it("retries a job whose handler throws, then fails it for good", async () => {
    const db = await database(engine);
    const before = errors.length;
    const jobs = await queueOn(db);
    const spec = defineQueue<object>({
      name: uniqueName("flaky"),
      policy: "standard",
      retry: { limit: 1, delaySeconds: 0, backoff: false },
    });
    const tries: number[] = [];
    await jobs.work(spec, async (_data, job) => {
      tries.push(job.retryCount);
      throw new Error("receiver down");
    });
    await jobs.enqueue(spec, {});
    await waitFor(() => tries.length === 2, "the retry");
    expect(tries).toEqual([0, 1]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tries).toHaveLength(2);
    expect(errors.slice(before).map((error) => (error as Error).message)).toEqual([
      "receiver down",
      "receiver down",
    ]);
  });

  it("keeps jobs across a restart and lets the next worker run them; stop waits for handlers in flight", async () => {
    const db = await database(engine);
    const spec = defineQueue<{ id: string }>({ name: uniqueName("durable"), policy: "stately" });
    const first = await queueOn(db);
    const release = deferred();
    const started: string[] = [];
    const finished: string[] = [];
    await first.work(spec, async (data) => {
      started.push(data.id);
      await release.promise;
      finished.push(data.id);
    });
    await first.enqueue(spec, { id: "a" }, { key: "a" });
    await waitFor(() => started.length === 1, "the first job started");
    await first.enqueue(spec, { id: "b" }, { key: "b" });
    const stopped = first.stop();
    setTimeout(release.resolve, 100);
    await stopped;
    expect(finished).toEqual(["a"]);

    const second = await queueOn(db);
    const ran: string[] = [];
    await second.work(spec, async (data) => {
      ran.push(data.id);
    });
    await waitFor(() => ran.length === 1, "the job left behind");
    expect(ran).toEqual(["b"]);
  });

  it("enqueues within a transaction: the job exists only if it commits", async () => {
    const db = await database(engine);
    const spec = defineQueue<{ v: string }>({ name: uniqueName("tx"), policy: "standard" });
    const jobs = await queueOn(db, { queues: [spec] });
    await expect(
      db.sql.transaction(async (tx) => {
        await jobs.enqueue(spec, { v: "rolled back" }, { within: tx });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await db.sql.transaction(async (tx) => {
      await jobs.enqueue(spec, { v: "committed" }, { within: tx });
    });
    const ran: string[] = [];
    await jobs.work(spec, async (data) => {
      ran.push(data.v);
    });
    await waitFor(() => ran.length === 1, "the committed job");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toEqual(["committed"]);
  });

  it("runs a schedule's job once per tick", async () => {
    const db = await database(engine);
    const jobs = await queueOn(db, { cronCheckSeconds: 1 });
    const spec = defineQueue<{ what: string }>({ name: uniqueName("cron"), policy: "standard" });
    const ran: string[] = [];
    await jobs.work(spec, async (data) => {
      ran.push(data.what);
    });
    // "Every minute" is a new tick at each minute: pg-boss checks every second and sends at most one job per
    // schedule and clock minute. A test that crossed a minute boundary saw two ticks, rightly (it once failed so
    // under load); so it starts in a minute's first 40 s, and a loaded machine that still pushes it past the boundary may
    // see the next minute's tick, never two of one minute.
    await untilEarlyInAMinute();
    const firstMinute = minuteOf(Date.now());
    await jobs.schedule(spec, "* * * * *", { what: "tick" });
    await waitFor(() => ran.length === 1, "the scheduled job", 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const minutesSpanned = minuteOf(Date.now()) - firstMinute + 1;
    expect(ran.length).toBeLessThanOrEqual(minutesSpanned);
    if (minutesSpanned === 1) expect(ran).toEqual(["tick"]);
    await jobs.unschedule(spec);
  }, 60_000);
});

describe("the job queue on two instances of one PostgreSQL database", () => {
  it("runs each job once and never a key's jobs at the same time, woken by NOTIFY alone", async () => {
    const db = await database("postgres");
    const spec = defineQueue<{ key: string; n: number }>({
      name: uniqueName("shared"),
      policy: "stately",
      concurrency: 4,
    });
    const a = await queueOn(db, { pollIntervalMs: 60_000 });
    const b = await queueOn(db, { pollIntervalMs: 60_000 });
    const runs: string[] = [];
    const active = new Set<string>();
    let overlaps = 0;
    const handler = (instance: string) => async (data: { key: string; n: number }) => {
      if (active.has(data.key)) overlaps += 1;
      active.add(data.key);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active.delete(data.key);
      runs.push(`${instance}:${data.key}:${data.n}`);
    };
    await a.work(spec, handler("a"));
    await b.work(spec, handler("b"));
    // Polling is off (60 s): only the NOTIFY wakes the workers.
    for (let n = 0; n < 12; n++) await a.enqueue(spec, { key: `k${n % 4}`, n }, { key: `k${n % 4}` });
    await waitFor(async () => (await a.depth(spec)) === 0 && active.size === 0, "every job");
    expect(overlaps).toBe(0);
    const ran = runs.map((run) => run.split(":").slice(1).join(":"));
    expect(new Set(ran).size).toBe(ran.length);
  });
});
