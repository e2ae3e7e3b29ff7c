import type { Clock } from "../clock/clock";
import type { RequestScheduler } from "../scheduling/request-scheduler";
import { ENDPOINTS, type NotionEndpoint } from "./endpoints";
import type { CallOptions } from "./gateway-port";
import { NotionError, notionFailureVerdict, toNotionError } from "./notion-error";

/** One SDK call on one endpoint, through the connection's scheduler; `pageId` names the row in a failure. */
export type ScheduledCall = <T>(
  endpoint: NotionEndpoint,
  options: CallOptions | undefined,
  run: () => Promise<T>,
  pageId?: string,
) => Promise<T>;

export interface ScheduledCalls {
  readonly call: ScheduledCall;
  /** True once Notion answered 401. */
  revoked(): boolean;
}

/**
 * Every request of a gateway goes through here: counted, scheduled at its priority, retried only when the endpoint
 * is retry-safe, its failure turned into a `NotionError` that never carries the token. The first 401 marks the
 * token dead: it is never sent again, every later call fails at once with the same error.
 */
export function scheduledCalls(options: {
  readonly scheduler: RequestScheduler;
  readonly clock: Clock;
  readonly secrets: readonly string[];
  readonly counts: Record<NotionEndpoint, number>;
}): ScheduledCalls {
  const { scheduler, clock, secrets, counts } = options;
  let revoked: NotionError | null = null;

  async function call<T>(
    endpoint: NotionEndpoint,
    callOptions: CallOptions | undefined,
    run: () => Promise<T>,
    pageId?: string,
  ): Promise<T> {
    const { retrySafe } = ENDPOINTS[endpoint];
    const signal = callOptions?.signal;
    try {
      return await scheduler.schedule(
        callOptions?.priority ?? "sync",
        () => {
          if (revoked) throw revoked;
          counts[endpoint]++;
          return run();
        },
        {
          ...(signal ? { signal } : {}),
          ...(retrySafe
            ? {}
            : { classify: (error: unknown) => notionFailureVerdict(error, clock.now(), false) }),
        },
      );
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error;
      const failure = toNotionError(error, { endpoint, secrets, retrySafe, ...(pageId ? { pageId } : {}) });
      if (failure.code === "unauthorized") revoked ??= failure;
      throw failure;
    }
  }

  return { call, revoked: () => revoked !== null };
}

export function malformed(endpoint: NotionEndpoint, what: string): NotionError {
  return new NotionError(
    "malformed_response",
    `Notion's answer to ${endpoint} is not a full ${what}. Nothing was written from it; try again later.`,
    { endpoint },
  );
}

/** The answer, checked to be the full object (not a partial one) before anything reads it. */
export async function full<T, F extends T>(
  endpoint: NotionEndpoint,
  what: string,
  response: Promise<T>,
  isFull: (value: T) => value is F,
): Promise<F> {
  const value = await response;
  if (!isFull(value)) throw malformed(endpoint, what);
  return value;
}
