/**
 * pg-boss queue policies, by what they promise per key (`EnqueueOptions.key`):
 * - `standard`: no limit;
 * - `stately`: at most one job of a key waiting and one running, so a key's work is never done twice at once and
 *   enqueuing a key already waiting is a no-op (the answer is null);
 * - `singleton`: at most one job of a key running;
 * - `short`: at most one job of a key waiting.
 */
export type QueuePolicy = "standard" | "stately" | "singleton" | "short";

/** How pg-boss tries again when a handler throws (or its instance dies while running it). */
export interface QueueRetry {
  /** Tries after the first; 0: a throwing handler fails its job for good. */
  readonly limit: number;
  readonly delaySeconds: number;
  /** Doubles the delay at each try. */
  readonly backoff: boolean;
}

/**
 * A queue described as data, declared once beside its handler's module and shared by who enqueues and who works.
 * `Data` (a JSON object) types both sides.
 */
export interface QueueSpec<Data extends object> {
  /** Letters, digits, `_` and `-`; the name is the queue's identity in the database. */
  readonly name: string;
  /** Fixed when the queue is first created in a database: a new policy needs a new name. */
  readonly policy: QueuePolicy;
  /** Jobs one instance runs at once from this queue. Default 1. */
  readonly concurrency?: number;
  /**
   * A job still running this long after it started is failed and, retries allowing, run again (possibly by another
   * instance): it covers an instance killed mid-job. Default 60.
   */
  readonly expireSeconds?: number;
  /** Default: 2 more tries, after 5 s then 10 s. */
  readonly retry?: QueueRetry;
  /** Never set: carries `Data` for type checking. */
  readonly data?: Data;
}

export const DEFAULT_QUEUE_RETRY: QueueRetry = { limit: 2, delaySeconds: 5, backoff: true };

/** Declares a queue; e.g. `const SEND = defineQueue<{ id: string }>({ name: "send", policy: "stately" })`. */
export function defineQueue<Data extends object>(spec: Omit<QueueSpec<Data>, "data">): QueueSpec<Data> {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(spec.name)) {
    throw new Error(`Queue name "${spec.name}" must be 1-100 letters, digits, _ or -.`);
  }
  return spec;
}
