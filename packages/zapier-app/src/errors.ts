import { NotionError, OperationError, ProviderError } from "@linksync/core";
import type { ZObject } from "zapier-platform-core";

export interface FailureContext {
  /** The connection holds a refresh token, so a 401 is worth a refresh before giving up. */
  readonly canRefresh: boolean;
  /** How long Notion asked us to wait, when it throttled this connection. */
  readonly notionRetryAfterMs: number | null;
}

/**
 * Turns core's typed failures into the errors Zapier acts on: throttling is retried after the server's delay, a
 * rejected token is refreshed once and then reported as expired, and everything a user must fix becomes
 * `z.errors.Error` with core's sentence (which never holds a secret) and its code.
 */
export function toZapierError(z: ZObject, error: unknown, context: FailureContext): Error {
  if (error instanceof NotionError) {
    if (error.code === "unauthorized") {
      return context.canRefresh
        ? new z.errors.RefreshAuthError(error.message)
        : new z.errors.ExpiredAuthError(error.message);
    }
    if (error.code === "rate_limited") {
      return new z.errors.ThrottledError(error.message, seconds(context.notionRetryAfterMs));
    }
    return new z.errors.Error(error.message, `notion_${error.code}`, error.details.status);
  }
  if (error instanceof ProviderError) {
    if (error.code === "unauthorized") {
      return new z.errors.ExpiredAuthError(
        "The link provider refused the API key of this connection. Reconnect Linksync with a current Shortener API Key.",
      );
    }
    if (error.code === "rate_limited") {
      return new z.errors.ThrottledError(error.message, seconds(error.details.retryAfterMs ?? null));
    }
    return new z.errors.Error(error.message, `provider_${error.code}`, error.details.status);
  }
  if (error instanceof OperationError) return new z.errors.Error(error.message, error.code);
  return error instanceof Error ? error : new Error(String(error));
}

/** Zapier's delay is in whole seconds; without a server hint, a minute. */
function seconds(ms: number | null): number {
  return ms === null ? 60 : Math.max(1, Math.ceil(ms / 1000));
}
