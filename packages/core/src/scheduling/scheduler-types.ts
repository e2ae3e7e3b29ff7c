import type { Clock } from "../clock/clock";
import type { BackoffPolicy } from "./backoff";

/** The request scheduler's vocabulary: priorities, what a failure means, its status and tuning. */

/** Highest first. `background` is click-count refreshes and QR uploads. */
export const REQUEST_PRIORITIES = ["interactive", "sync", "backfill", "background"] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

/** What a failed attempt means for the scheduler. */
export type FailureVerdict =
  /** Retrying the same request cannot help (bad input, unauthorized, not found…). */
  | { readonly kind: "fatal" }
  /** The server asked us to slow down (429, 529): the whole connection pauses. */
  | { readonly kind: "throttled"; readonly retryAfterMs: number | null }
  /** The server failed (5xx): this request backs off and retries. */
  | { readonly kind: "unavailable" }
  /** The server could not be reached (dropped connection, DNS, timeout): back off; the connection is offline. */
  | { readonly kind: "network" };

export type SchedulerStatus =
  | { readonly state: "running"; readonly since: number }
  /** Paused by the server's rate limit until `resumesAt`; `retryAfterMs` is the length of the latest pause. */
  | {
      readonly state: "throttled";
      readonly since: number;
      readonly retryAfterMs: number;
      readonly resumesAt: number;
    }
  /** The server is unreachable since `since`; `retryAfterMs` is the wait before the next retry. */
  | { readonly state: "offline"; readonly since: number; readonly retryAfterMs: number };

export interface SchedulerStats {
  /** Attempts sent, retries included, by priority. */
  readonly sent: Readonly<Record<RequestPriority, number>>;
  /** Tokens taken from the budget (one per attempt). */
  readonly tokensUsed: number;
  /** Responses that said "slow down" (429 / 529). */
  readonly throttledResponses: number;
  readonly retries: number;
  /** Requests that failed for good after exhausting their attempts or their time. */
  readonly gaveUp: number;
}

/**
 * A budget shared with every process that uses the same token (the Linksync Server's workers): Notion limits per
 * integration, not per process. The scheduler still orders and paces its own requests; each attempt also takes one
 * token here before it goes out, and a `Retry-After` is passed on so that every process pauses.
 */
export interface SharedBudget {
  /** Resolves once one request of `priority` may go out (its token taken); rejects with the signal's reason. */
  take(priority: RequestPriority, signal?: AbortSignal): Promise<void>;
  /** Notion asked this token to stop for `pauseMs`: no process sends anything until then. Never rejects. */
  pause(pauseMs: number): Promise<void>;
}

export interface SchedulerTuning {
  /** Budget, in requests per second. Default 3 (Notion's documented average). */
  readonly ratePerSecond?: number;
  /** Tokens that may accumulate while idle. Default 3. */
  readonly burst?: number;
  /** Share of the budget kept free for interactive work while some was seen recently. Default 0.3. */
  readonly interactiveReserve?: number;
  /** How long after the last interactive request the reserve stays in force. Default 10 s. */
  readonly interactiveWindowMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  /** Attempts per request, the first included, before it fails. Default 10. */
  readonly maxAttempts?: number;
  /** Time from a request's first attempt after which it is not retried again. Default 2 minutes. */
  readonly maxElapsedMs?: number;
  /** Requests on the wire at once. Default 16. */
  readonly maxInFlight?: number;
  /** Source of jitter in [0, 1). */
  readonly random?: () => number;
  /** The connection's budget across processes, when several share its token. */
  readonly sharedBudget?: SharedBudget;
}

export interface RequestSchedulerOptions extends SchedulerTuning {
  readonly classify: (error: unknown) => FailureVerdict;
  readonly clock?: Clock;
}

export interface ScheduleOptions {
  /**
   * Stops waiting and retrying; the promise rejects with the signal's reason. An attempt already on the wire is not
   * cut (its outcome, success or failure, is still delivered) because a write in flight may have landed.
   */
  readonly signal?: AbortSignal;
  /** Overrides the scheduler's `classify` for this request (a create must not be repeated when it may have landed). */
  readonly classify?: (error: unknown) => FailureVerdict;
}

/** What a task learns about the attempt it is running. */
export interface AttemptInfo {
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export type StatusListener = (status: SchedulerStatus, previous: SchedulerStatus) => void;
