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

/** The token a gateway sends, swapped in place when a refresh renews it; `generation` counts the swaps. */
export interface GatewayAuth {
  token: string;
  generation: number;
}

/**
 * Every request of a gateway goes through here: counted, scheduled at its priority, retried only when the endpoint
 * is retry-safe, its failure turned into a `NotionError` that never carries the token. A 401 first renews the token
 * when the connection can (`refresh`: an OAuth connection with a refresh token; one renewal for every call that
 * failed with the same token) and repeats the request once with the new one. A 401 that no renewal answers marks
 * the token dead: it is never sent again, every later call fails at once with the same error.
 */
export function scheduledCalls(options: {
  readonly scheduler: RequestScheduler;
  readonly clock: Clock;
  /** Redacted from every error; a renewed token joins them. */
  readonly secrets: string[];
  readonly counts: Record<NotionEndpoint, number>;
  readonly auth: GatewayAuth;
  /** The new access token, or `null` when Notion refuses to renew (then the connection is revoked). */
  readonly refresh?: () => Promise<string | null>;
}): ScheduledCalls {
  const { scheduler, clock, secrets, counts, auth, refresh } = options;
  let revoked: NotionError | null = null;
  let renewing: Promise<boolean> | null = null;

  /** True when a newer token than the one a call was sent with is there to retry with. */
  function renew(sentWith: number): Promise<boolean> {
    if (auth.generation !== sentWith) return Promise.resolve(true);
    if (!refresh) return Promise.resolve(false);
    renewing ??= (async () => {
      try {
        const token = await refresh();
        if (token === null) return false;
        secrets.push(token);
        auth.token = token;
        auth.generation++;
        return true;
      } finally {
        renewing = null;
      }
    })();
    return renewing;
  }

  async function call<T>(
    endpoint: NotionEndpoint,
    callOptions: CallOptions | undefined,
    run: () => Promise<T>,
    pageId?: string,
    renewed = false,
  ): Promise<T> {
    const { retrySafe } = ENDPOINTS[endpoint];
    const signal = callOptions?.signal;
    let sentWith = auth.generation;
    try {
      return await scheduler.schedule(
        callOptions?.priority ?? "sync",
        () => {
          if (revoked) throw revoked;
          counts[endpoint]++;
          sentWith = auth.generation;
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
      if (failure.code !== "unauthorized" || failure === revoked) throw failure;
      // A 401 means nothing was done, so even a create may be sent again.
      if (!renewed && (await renew(sentWith))) return call(endpoint, callOptions, run, pageId, true);
      revoked ??= failure;
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
