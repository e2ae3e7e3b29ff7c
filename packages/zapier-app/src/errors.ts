import { NotionError, OperationError, ProviderError } from "@linksync/core";
import type { ZObject } from "zapier-platform-core";

export interface FailureContext {
  /** The connection holds a refresh token, so a 401 is worth a refresh before giving up. */
  readonly canRefresh: boolean;
  /** How long Notion asked us to wait, when it throttled this connection. */
  readonly notionRetryAfterMs: number | null;
}

/** Without a server hint, Zapier is asked to try again after a minute. */
const DEFAULT_RETRY_SECONDS = 60;

/**
 * Turns core's typed failures into the errors Zapier acts on, in sentences true in Zapier's world: a Zap run has no
 * Linksync agent behind it that keeps work for later. What passes by itself (throttling, a 5xx, an unreachable
 * service) is a `ThrottledError`, which makes Zapier run the step again after the delay; a rejected token is
 * refreshed once and then reported as expired; everything a user must fix becomes `z.errors.Error` with core's
 * sentence (which never holds a secret) and its code.
 */
export function toZapierError(z: ZObject, error: unknown, context: FailureContext): Error {
  if (error instanceof NotionError) {
    if (error.code === "unauthorized") {
      return context.canRefresh
        ? new z.errors.RefreshAuthError(error.message)
        : new z.errors.ExpiredAuthError(error.message);
    }
    if (error.transient) {
      const delay = seconds(error.code === "rate_limited" ? context.notionRetryAfterMs : null);
      return new z.errors.ThrottledError(
        `${notionTrouble(error)} Zapier tries this step again in ${delay} seconds.`,
        delay,
      );
    }
    return new z.errors.Error(error.message, `notion_${error.code}`, error.details.status);
  }
  if (error instanceof ProviderError) {
    if (error.code === "unauthorized") {
      return new z.errors.ExpiredAuthError(
        "The shortener refused the API key of this connection. Reconnect Linksync with a current Shortener API Key.",
      );
    }
    if (error.transient) {
      const delay = seconds(error.details.retryAfterMs ?? null);
      return new z.errors.ThrottledError(
        `${providerTrouble(error)} Zapier tries this step again in ${delay} seconds.`,
        delay,
      );
    }
    return new z.errors.Error(error.message, `provider_${error.code}`, error.details.status);
  }
  if (error instanceof OperationError) return new z.errors.Error(error.message, error.code);
  return error instanceof Error ? error : new Error(String(error));
}

/** Core's sentences for these promise that a Linksync agent keeps the work; a Zap run has none. */
function notionTrouble(error: NotionError): string {
  if (error.code === "rate_limited") return "Notion is rate limiting this connection.";
  if (error.code === "offline") return "Notion could not be reached.";
  if (error.code === "conflict") return "Notion reported a conflicting edit of the same row.";
  return `Notion is failing${error.details.status ? ` (HTTP ${error.details.status})` : ""}.`;
}

function providerTrouble(error: ProviderError): string {
  if (error.code === "rate_limited") return "The shortener is rate limiting this connection.";
  return error.details.status
    ? `The shortener is failing (HTTP ${error.details.status}).`
    : "The shortener could not be reached.";
}

/** Zapier's delay is in whole seconds. */
function seconds(ms: number | null): number {
  return ms === null ? DEFAULT_RETRY_SECONDS : Math.max(1, Math.ceil(ms / 1000));
}
