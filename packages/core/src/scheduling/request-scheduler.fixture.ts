import { FakeClock } from "../clock/clock";
import {
  type FailureVerdict,
  type RequestPriority,
  RequestScheduler,
  type SchedulerTuning,
} from "./request-scheduler";

/** A failure whose verdict the test chose. */
export class TestFailure extends Error {
  constructor(readonly verdict: FailureVerdict) {
    super(`test failure: ${verdict.kind}`);
  }
}

export const classify = (error: unknown): FailureVerdict =>
  error instanceof TestFailure ? error.verdict : { kind: "fatal" };

/** A scheduler on a fake clock that records every request it sends (priority, time, label). */
export function setup(tuning: SchedulerTuning = {}) {
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
export async function advance(clock: FakeClock, ms: number, step = 10): Promise<void> {
  // Lets work started at the current instant (a task's rejection, say) settle before time moves.
  await clock.advance(0);
  for (let elapsed = 0; elapsed < ms; elapsed += step) await clock.advance(Math.min(step, ms - elapsed));
}
