import { describe, expect, it } from "vitest";
import {
  type BudgetSettings,
  type BudgetState,
  decideTake,
  holdBudget,
  initialBudgetState,
} from "./budget-rules";

const settings: BudgetSettings = {
  ratePerSecond: 10,
  burst: 2,
  interactiveReserve: 0.3,
  interactiveWindowMs: 5_000,
};

/** Takes as many tokens of `priority` as the budget grants from `from` to `to`, asking again whenever told to wait. */
function drain(state: BudgetState, priority: "interactive" | "backfill", from: number, to: number) {
  let now = from;
  let granted = 0;
  let current = state;
  while (now < to) {
    const decision = decideTake(current, now, priority, settings);
    current = decision.next;
    if (decision.waitMs === 0) granted++;
    else now += decision.waitMs;
  }
  return { granted, state: current };
}

describe("the shared budget's rules", () => {
  it("grants the burst, then the rate", () => {
    const { granted } = drain(initialBudgetState(settings, 0), "backfill", 0, 10_000);
    expect(granted).toBeGreaterThanOrEqual(2 + 99);
    expect(granted).toBeLessThanOrEqual(2 + 100);
  });

  it("keeps 30% for interactive work while any process saw some recently", () => {
    const afterInteractive = decideTake(initialBudgetState(settings, 0), 0, "interactive", settings).next;
    const { granted } = drain(afterInteractive, "backfill", 1_000, 4_000);
    expect(granted).toBeGreaterThanOrEqual(19);
    expect(granted).toBeLessThanOrEqual(22);
  });

  it("holds every token until Retry-After has passed, then lets one probe through", () => {
    const held = holdBudget(initialBudgetState(settings, 0), 0, 2_000, settings);
    expect(decideTake(held, 1_000, "interactive", settings).waitMs).toBe(1_000);
    const probe = decideTake(held, 2_000, "sync", settings);
    expect(probe.waitMs).toBe(0);
    expect(decideTake(probe.next, 2_000, "sync", settings).waitMs).toBeGreaterThan(0);
  });
});
