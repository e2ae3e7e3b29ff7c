import { type RequestPriority, TokenBucket, type TokenBucketState } from "@linksync/core/ports";

/** A connection's budget, the same numbers as the request scheduler's tuning. */
export interface BudgetSettings {
  /** Requests per second for the whole connection, every process together. Default 3. */
  readonly ratePerSecond: number;
  /** Tokens that may accumulate while idle. Default 3. */
  readonly burst: number;
  /** Share kept for interactive work while some was seen recently (by any process). Default 0.3. */
  readonly interactiveReserve: number;
  /** How long after the last interactive request the reserve stays in force. Default 10 s. */
  readonly interactiveWindowMs: number;
}

export const DEFAULT_BUDGET_SETTINGS: BudgetSettings = {
  ratePerSecond: 3,
  burst: 3,
  interactiveReserve: 0.3,
  interactiveWindowMs: 10_000,
};

/** What the shared row holds: the whole bucket, the non-interactive classes' share, the last interactive request. */
export interface BudgetState {
  readonly main: TokenBucketState;
  readonly reserve: TokenBucketState;
  readonly lastInteractiveAt: number | null;
}

export function initialBudgetState(settings: BudgetSettings, now: number): BudgetState {
  return {
    main: { tokens: settings.burst, updatedAt: now },
    reserve: { tokens: 1, updatedAt: now },
    lastInteractiveAt: null,
  };
}

/**
 * Whether one request of `priority` may go out at `now`, by the request scheduler's own rules (the same
 * `TokenBucket`s): `waitMs` 0 means its token is taken in `next`; otherwise how long until it may be. An interactive
 * request puts the reserve in force at once, even while it waits. Pure: the caller holds the row's lock.
 */
export function decideTake(
  state: BudgetState,
  now: number,
  priority: RequestPriority,
  settings: BudgetSettings,
): { readonly waitMs: number; readonly next: BudgetState } {
  const main = TokenBucket.restore(settings.ratePerSecond, settings.burst, state.main);
  const reserve = TokenBucket.restore(
    settings.ratePerSecond * (1 - settings.interactiveReserve),
    1,
    state.reserve,
  );
  const interactive = priority === "interactive";
  const lastInteractiveAt = interactive ? now : state.lastInteractiveAt;
  const reserveInForce =
    !interactive && lastInteractiveAt !== null && now - lastInteractiveAt < settings.interactiveWindowMs;
  let waitMs = main.msUntilToken(now);
  if (reserveInForce) {
    const shared = Math.max(waitMs, reserve.msUntilToken(now));
    // The reserve lapses when the interactive window closes; no need to wait past that.
    waitMs = Math.min(shared, Math.max(waitMs, lastInteractiveAt + settings.interactiveWindowMs - now));
  }
  if (waitMs === 0) {
    main.take(now);
    if (reserveInForce) reserve.take(now);
  }
  return { waitMs, next: { main: main.state(), reserve: reserve.state(), lastInteractiveAt } };
}

/** Notion asked the token to stop for `pauseMs`: nothing flows until then, and then a single request probes. */
export function holdBudget(
  state: BudgetState,
  now: number,
  pauseMs: number,
  settings: BudgetSettings,
): BudgetState {
  const main = TokenBucket.restore(settings.ratePerSecond, settings.burst, state.main);
  main.holdUntil(now + pauseMs, 1);
  return { ...state, main: main.state() };
}
