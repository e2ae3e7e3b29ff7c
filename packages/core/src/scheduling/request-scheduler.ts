import { type Clock, systemClock } from "../clock/clock";
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from "./backoff";
import { RequestBudget } from "./request-budget";
import type {
  AttemptInfo,
  FailureVerdict,
  RequestPriority,
  RequestSchedulerOptions,
  ScheduleOptions,
  SchedulerStats,
  SchedulerStatus,
  SharedBudget,
  StatusListener,
} from "./scheduler-types";
import { WaitingLine } from "./waiting-line";

export {
  type AttemptInfo,
  type FailureVerdict,
  REQUEST_PRIORITIES,
  type RequestPriority,
  type RequestSchedulerOptions,
  type ScheduleOptions,
  type SchedulerStats,
  type SchedulerStatus,
  type SchedulerTuning,
  type SharedBudget,
  type StatusListener,
} from "./scheduler-types";

/**
 * One scheduler per remote connection (Notion limits per integration token, not per database). It decides when each
 * request may go out, in strict priority order, within a token-bucket budget, and retries failures with back-off. It
 * knows nothing of HTTP: a `classify` function tells it what a failure means.
 */

interface Entry {
  readonly seq: number;
  readonly priority: RequestPriority;
  readonly task: (info: AttemptInfo) => Promise<unknown>;
  readonly classify: (error: unknown) => FailureVerdict;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  attempts: number;
  firstAttemptAt: number | null;
  readyAt: number;
  phase: "queued" | "in-flight" | "settled";
  detach: () => void;
}

export class RequestScheduler {
  private readonly clock: Clock;
  private readonly classify: (error: unknown) => FailureVerdict;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly maxElapsedMs: number;
  private readonly maxInFlight: number;
  /** The connection's budget, with its interactive reserve. */
  private readonly budget: RequestBudget;
  /** The budget of every process using this token, when there are several. */
  private readonly crossProcess: SharedBudget | null;

  private readonly waiting = new WaitingLine<Entry>();
  private readonly listeners = new Set<StatusListener>();
  private current: SchedulerStatus;
  private inFlight = 0;
  private nextSeq = 0;
  private pumping = false;
  /** After a rate-limit pause, the first request out is a probe: nothing else goes until Notion answers it. */
  private awaitingProbe = false;
  private probe: Entry | null = null;
  private wakePump: (() => void) | null = null;
  private counters = {
    sent: { interactive: 0, sync: 0, backfill: 0, background: 0 } as Record<RequestPriority, number>,
    tokensUsed: 0,
    throttledResponses: 0,
    retries: 0,
    gaveUp: 0,
  };

  constructor(options: RequestSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.classify = options.classify;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.maxAttempts = options.maxAttempts ?? 10;
    this.maxElapsedMs = options.maxElapsedMs ?? 120_000;
    this.maxInFlight = options.maxInFlight ?? 16;
    const now = this.clock.now();
    this.budget = new RequestBudget(
      {
        ratePerSecond: options.ratePerSecond ?? 3,
        burst: options.burst ?? 3,
        interactiveReserve: options.interactiveReserve ?? 0.3,
        interactiveWindowMs: options.interactiveWindowMs ?? 10_000,
      },
      now,
    );
    this.current = { state: "running", since: now };
    this.crossProcess = options.sharedBudget ?? null;
  }

  /** Runs `task` when the budget and priorities allow, retrying it as `classify` says. */
  schedule<T>(
    priority: RequestPriority,
    task: (info: AttemptInfo) => Promise<T>,
    options: ScheduleOptions = {},
  ): Promise<T> {
    const { signal } = options;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const now = this.clock.now();
      const entry: Entry = {
        seq: this.nextSeq++,
        priority,
        task,
        classify: options.classify ?? this.classify,
        signal,
        resolve: (value) => resolve(value as T),
        reject,
        attempts: 0,
        firstAttemptAt: null,
        readyAt: now,
        phase: "queued",
        detach: () => {},
      };
      if (priority === "interactive") this.budget.noteInteractive(now);
      if (signal) {
        const onAbort = () => this.abort(entry);
        signal.addEventListener("abort", onAbort, { once: true });
        entry.detach = () => signal.removeEventListener("abort", onAbort);
      }
      this.enqueue(entry);
      this.kick();
    });
  }

  status(): SchedulerStatus {
    return this.current;
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Requests waiting for their turn or for a retry (not those on the wire). */
  pending(): number {
    return this.waiting.size;
  }

  stats(): SchedulerStats {
    return { ...this.counters, sent: { ...this.counters.sent } };
  }

  private enqueue(entry: Entry): void {
    this.waiting.add(entry);
    entry.phase = "queued";
  }

  private abort(entry: Entry): void {
    if (entry.phase !== "queued") return;
    this.waiting.remove(entry);
    this.settle(entry, () => entry.reject(entry.signal?.reason));
    this.kick();
  }

  private settle(entry: Entry, finish: () => void): void {
    if (entry.phase === "settled") return;
    entry.phase = "settled";
    entry.detach();
    finish();
  }

  private kick(): void {
    if (this.wakePump) this.wakePump();
    else if (!this.pumping) void this.pump();
  }

  /** The single loop that hands out tokens. It sleeps until the next moment something can change, or a kick. */
  private async pump(): Promise<void> {
    this.pumping = true;
    for (;;) {
      const now = this.clock.now();
      const resumesAt = this.current.state === "throttled" ? this.current.resumesAt : null;
      if (resumesAt !== null && now >= resumesAt) this.setStatus({ state: "running", since: now });
      const decision = this.decide(now);
      if (decision.kind === "dispatch") {
        this.dispatch(decision.entry, now);
        continue;
      }
      const wakeAt =
        decision.kind === "wait" ? decision.until : resumesAt !== null && now < resumesAt ? resumesAt : null;
      if (decision.kind === "idle" && wakeAt === null && this.pending() === 0) {
        // Cleared synchronously with the decision, so a kick arriving next starts a fresh loop.
        this.pumping = false;
        return;
      }
      await this.sleepUntil(wakeAt, now);
    }
  }

  private decide(
    now: number,
  ): { kind: "dispatch"; entry: Entry } | { kind: "wait"; until: number } | { kind: "idle" } {
    if (this.inFlight >= this.maxInFlight || this.probe !== null) return { kind: "idle" };
    let nextReady: number | null = null;
    for (const entry of this.waiting.inOrder()) {
      if (entry.readyAt > now) {
        nextReady = nextReady === null ? entry.readyAt : Math.min(nextReady, entry.readyAt);
        continue;
      }
      // Strict priority: the first ready request of the highest class is the only candidate.
      const wait = this.budget.msUntilAllowed(entry.priority, now);
      if (wait === 0) return { kind: "dispatch", entry };
      const until = now + wait;
      return { kind: "wait", until: nextReady === null ? until : Math.min(until, nextReady) };
    }
    return nextReady === null ? { kind: "idle" } : { kind: "wait", until: nextReady };
  }

  private dispatch(entry: Entry, now: number): void {
    this.waiting.remove(entry);
    this.budget.take(entry.priority, now);
    this.counters.tokensUsed++;
    this.counters.sent[entry.priority]++;
    entry.phase = "in-flight";
    entry.attempts++;
    entry.firstAttemptAt ??= now;
    if (this.awaitingProbe) {
      this.awaitingProbe = false;
      this.probe = entry;
    }
    this.inFlight++;
    void this.run(entry);
  }

  private async run(entry: Entry): Promise<void> {
    try {
      if (this.crossProcess) await this.crossProcess.take(entry.priority, entry.signal);
    } catch (error) {
      // The wait for the shared budget was cut short (aborted): the request never went out.
      this.inFlight--;
      if (this.probe === entry) this.probe = null;
      this.settle(entry, () => entry.reject(error));
      this.kick();
      return;
    }
    try {
      const value = await entry.task({ attempt: entry.attempts });
      if (this.current.state !== "running") this.setStatus({ state: "running", since: this.clock.now() });
      this.settle(entry, () => entry.resolve(value));
    } catch (error) {
      this.onFailure(entry, error);
    } finally {
      this.inFlight--;
      if (this.probe === entry) this.probe = null;
      this.kick();
    }
  }

  private onFailure(entry: Entry, error: unknown): void {
    const verdict = entry.classify(error);
    if (verdict.kind === "fatal") {
      this.settle(entry, () => entry.reject(error));
      return;
    }
    const now = this.clock.now();
    const delay =
      verdict.kind === "throttled" && verdict.retryAfterMs !== null
        ? Math.max(0, verdict.retryAfterMs)
        : backoffDelayMs(entry.attempts, this.backoff, this.random);
    const exhausted =
      entry.attempts >= this.maxAttempts || now + delay - (entry.firstAttemptAt ?? now) > this.maxElapsedMs;
    if (exhausted || entry.signal?.aborted) {
      if (exhausted) this.counters.gaveUp++;
      this.settle(entry, () => entry.reject(error));
    } else {
      this.counters.retries++;
      entry.readyAt = now + delay;
      this.enqueue(entry);
    }
    if (verdict.kind === "throttled") this.throttle(now, delay);
    if (verdict.kind === "network") this.goOffline(now, delay);
  }

  private throttle(now: number, pauseMs: number): void {
    this.counters.throttledResponses++;
    const resumesAt = now + pauseMs;
    // At the end of the pause a single request probes; the budget flows again once Notion has answered it.
    this.budget.holdUntil(resumesAt, 1);
    this.awaitingProbe = true;
    if (this.crossProcess) void this.crossProcess.pause(pauseMs);
    const previous = this.current;
    if (previous.state === "throttled" && previous.resumesAt >= resumesAt) return;
    const since = previous.state === "throttled" ? previous.since : now;
    this.setStatus({ state: "throttled", since, retryAfterMs: pauseMs, resumesAt });
  }

  private goOffline(now: number, retryAfterMs: number): void {
    const since = this.current.state === "offline" ? this.current.since : now;
    this.setStatus({ state: "offline", since, retryAfterMs });
  }

  private setStatus(next: SchedulerStatus): void {
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
  }

  /** Sleeps until `until` (or indefinitely when null) unless kicked first. */
  private async sleepUntil(until: number | null, now: number): Promise<void> {
    const kicked = new Promise<void>((resolve) => {
      this.wakePump = resolve;
    });
    if (until === null) {
      await kicked;
    } else {
      const interrupt = new AbortController();
      const slept = this.clock.sleep(Math.max(0, until - now), interrupt.signal).catch((error: unknown) => {
        // Cutting our own sleep short rejects it by design; anything else is a real failure.
        if (!interrupt.signal.aborted) throw error;
      });
      await Promise.race([slept, kicked]);
      interrupt.abort();
    }
    this.wakePump = null;
  }
}
