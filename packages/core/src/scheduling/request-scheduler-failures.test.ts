import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock/clock";
import { RequestScheduler, type SchedulerStatus } from "./request-scheduler";
import { advance, classify, setup, TestFailure } from "./request-scheduler.fixture";

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
