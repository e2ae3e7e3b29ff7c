import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock/clock";
import { type RequestPriority, RequestScheduler, type SharedBudget } from "./request-scheduler";
import { advance, classify, setup } from "./request-scheduler.fixture";

describe("RequestScheduler budget", () => {
  it("sends at the configured rate after the initial burst", async () => {
    const { clock, flood, count } = setup({ ratePerSecond: 3, burst: 3 });
    flood("backfill", 200);
    await advance(clock, 10_000);
    // 3 burst tokens at t=0, then one every ~334 ms.
    expect(count("backfill", 0, 10_000)).toBeGreaterThanOrEqual(31);
    expect(count("backfill", 0, 10_000)).toBeLessThanOrEqual(33);
  });

  it("follows a configured rate", async () => {
    const { clock, flood, count } = setup({ ratePerSecond: 50, burst: 5 });
    flood("sync", 500);
    await advance(clock, 4_000);
    expect(count("sync", 0, 4_000)).toBeGreaterThanOrEqual(200);
    expect(count("sync", 0, 4_000)).toBeLessThanOrEqual(206);
  });

  it("lets a backfill alone use at least 90% of the budget", async () => {
    const { clock, scheduler, flood, count } = setup({ ratePerSecond: 3, burst: 3 });
    flood("backfill", 400);
    await advance(clock, 60_000);
    expect(count("backfill", 0, 60_000)).toBeGreaterThanOrEqual(0.9 * 180);
    expect(scheduler.stats().tokensUsed).toBe(count("backfill", 0, 60_000));
  });

  it("keeps 30% of the budget for interactive work while it is recent, and gives it back afterwards", async () => {
    const { clock, flood, count, request, sent } = setup({ ratePerSecond: 3, burst: 3 });
    flood("backfill", 1_000);
    // Interactive requests at 30% of the budget (0.9/s) for 20 s, while the backfill floods.
    const latencies: number[] = [];
    for (let t = 0; t < 20_000; t += 1_112) {
      await advance(clock, t - clock.now());
      const submittedAt = clock.now();
      void request("interactive").then(() => {
        const dispatched = sent.findLast((s) => s.priority === "interactive")!;
        latencies.push(dispatched.at - submittedAt);
      });
    }
    await advance(clock, 20_000 - clock.now());
    const backfillDuring = count("backfill", 1_000, 20_000);
    expect(backfillDuring).toBeLessThanOrEqual(Math.ceil(0.7 * 3 * 19) + 1);
    expect(latencies).toHaveLength(18);
    // The first one waits for the next token at most (the backfill had the whole budget until then); from then on
    // tokens are waiting for every interactive request: none queues behind the backfill.
    expect(latencies[0]).toBeLessThanOrEqual(334);
    expect(Math.max(...latencies.slice(1))).toBe(0);
    // Ten seconds after the last interactive request, the backfill has the whole budget again.
    await advance(clock, 20_000);
    expect(count("backfill", 30_000, 40_000)).toBeGreaterThanOrEqual(0.9 * 30);
  });

  it("serves waiting requests in strict priority order", async () => {
    const { clock, request, sent } = setup({ ratePerSecond: 10, burst: 1 });
    const order: RequestPriority[] = ["background", "backfill", "sync", "interactive"];
    void request("background", "first");
    for (const priority of order) for (let i = 0; i < 3; i++) void request(priority);
    await advance(clock, 5_000);
    expect(sent.map((s) => s.label)).toEqual([
      "first",
      ...["interactive", "sync", "backfill", "background"].flatMap((p) => [p, p, p]),
    ]);
  });
});

describe("RequestScheduler concurrency", () => {
  it("keeps at most maxInFlight requests on the wire", async () => {
    const clock = new FakeClock(0);
    const scheduler = new RequestScheduler({
      clock,
      classify,
      ratePerSecond: 100,
      burst: 10,
      maxInFlight: 2,
    });
    const releases: (() => void)[] = [];
    let started = 0;
    const slow = () =>
      scheduler.schedule("sync", () => {
        started++;
        return new Promise<void>((resolve) => releases.push(resolve));
      });
    const all = Promise.all([slow(), slow(), slow()]);
    await advance(clock, 1_000);
    expect(started).toBe(2);
    releases[0]!();
    await advance(clock, 100);
    expect(started).toBe(3);
    for (const release of releases) release();
    await all;
  });
});

describe("RequestScheduler with a budget shared across processes", () => {
  /** A shared budget another process has emptied: nothing may go out until `release` is called. */
  function heldBudget() {
    const takes: RequestPriority[] = [];
    const pauses: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const budget: SharedBudget = {
      take: async (priority, signal) => {
        takes.push(priority);
        await Promise.race([
          gate,
          new Promise<never>((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
        ]);
      },
      pause: async (pauseMs) => {
        pauses.push(pauseMs);
      },
    };
    return { budget, takes, pauses, release: () => release() };
  }

  it("takes one shared token per attempt, with its priority, before the request goes out", async () => {
    const shared = heldBudget();
    const { clock, request, sent } = setup({ ratePerSecond: 100, burst: 10, sharedBudget: shared.budget });
    const done = Promise.all([request("interactive"), request("backfill")]);
    await advance(clock, 1_000);
    expect(sent).toHaveLength(0);
    expect(shared.takes).toEqual(["interactive", "backfill"]);
    shared.release();
    await advance(clock, 100);
    await done;
    expect(sent.map((s) => s.priority)).toEqual(["interactive", "backfill"]);
  });

  it("passes Notion's Retry-After on to every process", async () => {
    const shared = heldBudget();
    shared.release();
    const { clock, request } = setup({ ratePerSecond: 100, burst: 10, sharedBudget: shared.budget });
    const done = request("sync", "s", (attempt) =>
      attempt === 1 ? { kind: "throttled", retryAfterMs: 2_000 } : null,
    );
    await advance(clock, 2_500);
    await done;
    expect(shared.pauses).toEqual([2_000]);
    expect(shared.takes).toEqual(["sync", "sync"]);
  });

  it("an abort while waiting for the shared budget rejects the request, which never goes out", async () => {
    const shared = heldBudget();
    const { clock, request, sent, scheduler } = setup({ sharedBudget: shared.budget });
    const abort = new AbortController();
    const waiting = request("sync", "s", () => null, abort.signal);
    await advance(clock, 100);
    abort.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    expect(sent).toHaveLength(0);
    expect(scheduler.pending()).toBe(0);
  });
});
