import type { RequestPriority } from "./scheduler-types";
import { TokenBucket } from "./token-bucket";

export interface RequestBudgetOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** The share of the rate kept for interactive work while some was seen recently, in [0, 1). */
  readonly interactiveReserve: number;
  /** How long after an interactive request the reserve stays in force. */
  readonly interactiveWindowMs: number;
}

/**
 * When a request of a given class may go out: the whole connection's token bucket, and, while interactive work was
 * seen within the window, a smaller bucket the other classes share, so part of the rate is kept for the user.
 */
export class RequestBudget {
  /** The whole connection's budget. */
  private readonly whole: TokenBucket;
  /** The non-interactive classes' share while the interactive reserve is in force. */
  private readonly shared: TokenBucket;
  private readonly interactiveWindowMs: number;
  private lastInteractiveAt: number | null = null;

  constructor(options: RequestBudgetOptions, now: number) {
    const reserve = options.interactiveReserve;
    if (!(reserve >= 0 && reserve < 1)) {
      throw new RangeError(`interactiveReserve must be in [0, 1), got ${reserve}.`);
    }
    this.whole = new TokenBucket(options.ratePerSecond, options.burst, now);
    this.shared = new TokenBucket(options.ratePerSecond * (1 - reserve), 1, now);
    this.interactiveWindowMs = options.interactiveWindowMs;
  }

  /** Interactive work was asked for: the reserve is in force for the window from now. */
  noteInteractive(now: number): void {
    this.lastInteractiveAt = now;
  }

  /** How long a request of this class must wait for its token (0: it may go now). */
  msUntilAllowed(priority: RequestPriority, now: number): number {
    const own = this.whole.msUntilToken(now);
    if (priority === "interactive" || !this.reserveInForce(now)) return own;
    const shared = Math.max(own, this.shared.msUntilToken(now));
    // The reserve lapses when the interactive window closes; no need to wait past that.
    const windowEnd = this.lastInteractiveAt! + this.interactiveWindowMs - now;
    return Math.min(shared, Math.max(own, windowEnd));
  }

  /** Spends the token of a request going out now. */
  take(priority: RequestPriority, now: number): void {
    if (priority !== "interactive" && this.reserveInForce(now)) this.shared.take(now);
    if (priority === "interactive") this.lastInteractiveAt = now;
    this.whole.take(now);
  }

  /** No token until `until`, then `tokens` (a server's "stop until": Retry-After). */
  holdUntil(until: number, tokens: number): void {
    this.whole.holdUntil(until, tokens);
  }

  private reserveInForce(now: number): boolean {
    return this.lastInteractiveAt !== null && now - this.lastInteractiveAt < this.interactiveWindowMs;
  }
}
