import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock/clock";
import {
  type FailureVerdict,
  type RequestPriority,
  RequestScheduler,
  type SchedulerStatus,
  type SchedulerTuning,
  type SharedBudget,
} from "./request-scheduler";

class TestFailure extends Error {
  constructor(readonly verdict: FailureVerdict) {
    super(`test failure: ${verdict.kind}`);
  }
}

const classify = (error: unknown): FailureVerdict =>
  error instanceof TestFailure ? error.verdict : { kind: "fatal" };

function setup(tuning: SchedulerTuning = {}) {
  const clock = new FakeClock(0);
  const scheduler = new RequestScheduler({ clock, classify, random: () => 0.5, ...tuning });
  const sent: { priority: RequestPriority; at: number; label: string }[] = [];
  /** Schedules a request that records when it went out; `fail` decides, per attempt, whether it throws. */
  const request = (
    priority: RequestPriority,
    label: string = priority,
    fail: (attempt: number) => FailureVerdict | null = () => null,
    signal?: AbortSignal,
  ) =>
    scheduler.schedule(
      priority,
      async ({ attempt }) => {
        sent.push({ priority, at: clock.now(), label });
        const verdict = fail(attempt);
        if (verdict) throw new TestFailure(verdict);
        return label;
      },
      { signal },
    );
  const flood = (priority: RequestPriority, count: number) => {
    for (let i = 0; i < count; i++) void request(priority);
  };
  const count = (priority: RequestPriority, from: number, to: number) =>
    sent.filter((s) => s.priority === priority && s.at >= from && s.at < to).length;
  return { clock, scheduler, sent, request, flood, count };
}

/** Moves the fake clock in small steps so every wake-up's continuation runs before time moves on. */
async function advance(clock: FakeClock, ms: number, step = 10): Promise<void> {
  // Lets work started at the current instant (a task's rejection, say) settle before time moves.
  await clock.advance(0);
  for (let elapsed = 0; elapsed < ms; elapsed += step) await clock.advance(Math.min(step, ms - elapsed));
}

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

describe("RequestScheduler failures", () => {
  it("lets one request override how its failures are classified", async () => {
    const { clock, scheduler, sent } = setup();
    const outcome = scheduler
      .schedule(
        "sync",
        async () => {
          sent.push({ priority: "sync", at: clock.now(), label: "create" });
          throw new TestFailure({ kind: "unavailable" });
        },
        { classify: () => ({ kind: "fatal" }) },
      )
      .catch((error: unknown) => error);
    await advance(clock, 5_000);
    expect(await outcome).toBeInstanceOf(TestFailure);
    expect(sent).toHaveLength(1);
  });

  it("pauses the whole connection for Retry-After on a 429, then resumes with a single probe", async () => {
    const { clock, scheduler, request, sent } = setup({ ratePerSecond: 10, burst: 1 });
    const statuses: SchedulerStatus[] = [];
    scheduler.onStatus((status) => statuses.push(status));
    const first = request("sync", "limited", (attempt) =>
      attempt === 1 ? { kind: "throttled", retryAfterMs: 5_000 } : null,
    );
    for (let i = 0; i < 5; i++) void request("sync", `other-${i}`);
    await advance(clock, 4_990);
    expect(sent.map((s) => s.label)).toEqual(["limited"]);
    expect(scheduler.status()).toEqual({
      state: "throttled",
      since: 0,
      retryAfterMs: 5_000,
      resumesAt: 5_000,
    });
    await advance(clock, 10);
    expect(sent.map((s) => [s.label, s.at])).toEqual([
      ["limited", 0],
      ["limited", 5_000],
    ]);
    await expect(first).resolves.toBe("limited");
    await advance(clock, 1_000);
    expect(sent.slice(2).map((s) => s.at)).toEqual([5_100, 5_200, 5_300, 5_400, 5_500]);
    expect(statuses.map((s) => s.state)).toEqual(["throttled", "running"]);
    expect(scheduler.stats()).toMatchObject({ throttledResponses: 1, retries: 1, tokensUsed: 7 });
  });

  it("sends nothing else while the probe after a pause awaits its answer", async () => {
    const clock = new FakeClock(0);
    const scheduler = new RequestScheduler({ clock, classify, ratePerSecond: 100, burst: 1 });
    const sentAt: number[] = [];
    // Each answer takes 200 ms; the first two answers are 429s asking for 1 s.
    const slow = () =>
      scheduler.schedule("sync", async () => {
        const index = sentAt.push(clock.now()) - 1;
        await clock.sleep(200);
        if (index < 2) throw new TestFailure({ kind: "throttled", retryAfterMs: 1_000 });
      });
    const first = slow();
    await advance(clock, 210);
    expect(scheduler.status().state).toBe("throttled");
    const rest = [slow(), slow(), slow()];
    await advance(clock, 5_000);
    await Promise.all([first, ...rest]);
    // 429 answered at 200 → probe at 1200, 429 answered at 1400 → probe at 2400, answered at 2600 → the rest flow.
    expect(sentAt).toEqual([0, 1_200, 2_400, 2_600, 2_610, 2_620]);
  });

  it("backs off 250 ms, 500 ms, 1 s, 2 s, 4 s then 8 s at most on server errors", async () => {
    const { clock, scheduler, request, sent } = setup({ maxAttempts: 9 });
    const result = request("sync", "flaky", (attempt) => (attempt < 9 ? { kind: "unavailable" } : null));
    await advance(clock, 60_000);
    await expect(result).resolves.toBe("flaky");
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(gaps).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(scheduler.stats().retries).toBe(8);
  });

  it("backs off with exponential delays on a 429 without Retry-After", async () => {
    const { clock, request, sent } = setup();
    void request("sync", "limited", (attempt) =>
      attempt < 4 ? { kind: "throttled", retryAfterMs: null } : null,
    );
    await advance(clock, 5_000);
    expect(sent.map((s) => s.at)).toEqual([0, 250, 750, 1_750]);
  });

  it("gives up after the maximum attempts with the last error, so an outbox can take over", async () => {
    const { clock, scheduler, request, sent } = setup({ maxAttempts: 3 });
    const result = request("sync", "down", () => ({ kind: "network" }));
    const outcome = result.catch((error: unknown) => error);
    await advance(clock, 10_000);
    expect(await outcome).toBeInstanceOf(TestFailure);
    expect(sent).toHaveLength(3);
    expect(scheduler.stats().gaveUp).toBe(1);
  });

  it("gives up when the next retry would pass the maximum total time", async () => {
    const { clock, request, sent } = setup({ maxElapsedMs: 3_000 });
    const outcome = request("sync", "down", () => ({ kind: "unavailable" })).catch((error: unknown) => error);
    await advance(clock, 10_000);
    expect(await outcome).toBeInstanceOf(TestFailure);
    // 0, 250, 750, 1750; the next (at 3750) would be past 3 s.
    expect(sent.map((s) => s.at)).toEqual([0, 250, 750, 1_750]);
  });

  it("does not retry a fatal failure", async () => {
    const { clock, request, sent } = setup();
    const outcome = request("sync", "bad", () => ({ kind: "fatal" })).catch((error: unknown) => error);
    await advance(clock, 5_000);
    expect(await outcome).toBeInstanceOf(TestFailure);
    expect(sent).toHaveLength(1);
  });

  it("goes offline on network failures and back to running on the next success", async () => {
    const { clock, scheduler, request } = setup();
    const seen: [SchedulerStatus["state"], number][] = [];
    scheduler.onStatus((status) => seen.push([status.state, clock.now()]));
    const result = request("sync", "blip", (attempt) => (attempt < 3 ? { kind: "network" } : null));
    await advance(clock, 100);
    expect(scheduler.status()).toEqual({ state: "offline", since: 0, retryAfterMs: 250 });
    await advance(clock, 2_000);
    await expect(result).resolves.toBe("blip");
    expect(seen).toEqual([
      ["offline", 0],
      ["offline", 250],
      ["running", 750],
    ]);
    expect(scheduler.status()).toEqual({ state: "running", since: 750 });
  });
});

describe("RequestScheduler cancellation", () => {
  it("rejects a waiting request with the abort reason and never sends it", async () => {
    const { clock, request, sent } = setup({ ratePerSecond: 1, burst: 1 });
    void request("sync", "first");
    const controller = new AbortController();
    const outcome = request("sync", "cancelled", undefined, controller.signal).catch(
      (error: unknown) => error,
    );
    controller.abort(new Error("user cancelled"));
    await advance(clock, 5_000);
    expect(await outcome).toEqual(new Error("user cancelled"));
    expect(sent.map((s) => s.label)).toEqual(["first"]);
  });

  it("stops retrying a request aborted during its back-off", async () => {
    const { clock, request, sent } = setup();
    const controller = new AbortController();
    const outcome = request("sync", "flaky", () => ({ kind: "unavailable" }), controller.signal).catch(
      (error: unknown) => error,
    );
    await advance(clock, 300);
    controller.abort(new Error("stop"));
    await advance(clock, 20_000);
    expect(await outcome).toEqual(new Error("stop"));
    expect(sent).toHaveLength(2);
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
