import { LinksyncError } from "@linksync/link-contract";
import { APIErrorCode, isHTTPResponseError, RequestTimeoutError } from "@notionhq/client";
import type { FailureVerdict } from "../scheduling/request-scheduler";
import { sanitize } from "../secrets/redaction";

/** Every way a Notion call can fail, as far as Linksync's callers need to tell them apart. */
export type NotionErrorCode =
  /** The token was revoked or is invalid: stop syncing, wipe the token, report `connection.revoked`. */
  | "unauthorized"
  /** The integration may not touch this object: the user must share it with the integration. */
  | "restricted_resource"
  /** Missing, trashed, or not shared with the integration. */
  | "object_not_found"
  /** Notion refused the request's content (a property value, a filter, a schema change). */
  | "validation_error"
  /** Notion kept rate-limiting after every retry. */
  | "rate_limited"
  /** Notion reported a conflicting concurrent edit after every retry. */
  | "conflict"
  /** Notion answered with server errors after every retry. */
  | "unavailable"
  /** Notion could not be reached (network down, connection dropped, timed out) after every retry. */
  | "offline"
  /** Notion answered something that is not what its API promises; nothing was written from it. */
  | "malformed_response";

export interface NotionErrorDetails {
  /** The gateway method that failed, e.g. `pages.update`. */
  readonly endpoint: string;
  readonly status?: number;
  /** Notion's own error code (`validation_error`, `service_unavailable`…), when it sent one. */
  readonly notionCode?: string;
  /** Quote it to Notion support. */
  readonly requestId?: string;
  /** The row (page) concerned, when the call was about one. */
  readonly pageId?: string;
  /** The column (property) concerned, when Notion named it. */
  readonly column?: string;
  /**
   * The request may have been applied even though no answer came back (a create that timed out, say). Callers
   * must check before writing it again instead of assuming it failed.
   */
  readonly outcomeUnknown?: boolean;
}

/** The single error type the gateway throws. `message` says what to do and never contains the token. */
export class NotionError extends LinksyncError<NotionErrorCode> {
  override readonly name = "NotionError";

  constructor(
    code: NotionErrorCode,
    message: string,
    readonly details: NotionErrorDetails,
  ) {
    super(code, message);
  }

  /** Worth trying again later unchanged (the outbox keeps it); the others need a person or a different request. */
  get transient(): boolean {
    return (
      this.code === "rate_limited" ||
      this.code === "conflict" ||
      this.code === "unavailable" ||
      this.code === "offline"
    );
  }
}

/** Node's codes for a connection that failed before any byte of the request was sent. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Codes for a connection that broke at some point, possibly after the request was delivered. */
const BROKEN_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Errors along the `cause` chain: fetch wraps the socket error that says what really happened. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function errorCodeOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  return typeof error.code === "string" ? error.code : null;
}

/** Network failure classes: `not_sent` is safe to retry for any request; `broken` may have been delivered. */
export function networkFailure(error: unknown): "not_sent" | "broken" | null {
  if (RequestTimeoutError.isRequestTimeoutError(error)) return "broken";
  const chain = causeChain(error);
  const codes = chain.map(errorCodeOf);
  if (codes.some((code) => code !== null && NOT_SENT_CODES.has(code))) return "not_sent";
  if (codes.some((code) => code !== null && BROKEN_CODES.has(code))) return "broken";
  // undici reports a failed fetch as a TypeError ("fetch failed", "terminated") whatever the socket said.
  if (chain[0] instanceof TypeError && /fetch failed|terminated|socket/i.test(chain[0].message))
    return "broken";
  return null;
}

/** `Retry-After` in milliseconds (delta-seconds or HTTP date), or null when absent or unreadable. */
export function retryAfterMs(headers: unknown, now: number): number | null {
  const value = readHeader(headers, "retry-after");
  if (value === undefined) return null;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (typeof headers !== "object" || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === "string") return value;
  }
  return undefined;
}

const SERVER_FAILURE_CODES = new Set<string>([
  APIErrorCode.InternalServerError,
  APIErrorCode.ServiceUnavailable,
  APIErrorCode.GatewayTimeout,
]);

/**
 * What a failed attempt means for the scheduler. `retrySafe` is false for requests that create something (a page,
 * a comment): those are not repeated when the first attempt may have landed, so nothing is ever created twice.
 */
export function notionFailureVerdict(error: unknown, now: number, retrySafe: boolean): FailureVerdict {
  if (isHTTPResponseError(error)) {
    const code = error.code as string;
    if (error.status === 429 || error.status === 529 || code === APIErrorCode.RateLimited) {
      return { kind: "throttled", retryAfterMs: retryAfterMs(error.headers, now) };
    }
    // A conflict means Notion did not apply the write: repeating it is always safe.
    if (error.status === 409 || code === APIErrorCode.ConflictError) return { kind: "unavailable" };
    if (error.status >= 500 || SERVER_FAILURE_CODES.has(code)) {
      return retrySafe ? { kind: "unavailable" } : { kind: "fatal" };
    }
    return { kind: "fatal" };
  }
  const network = networkFailure(error);
  if (network === "not_sent" || (network === "broken" && retrySafe)) return { kind: "network" };
  return { kind: "fatal" };
}

export interface FailureContext {
  readonly endpoint: string;
  readonly pageId?: string;
  /** Secrets that must never appear in the error (the token). */
  readonly secrets: readonly string[];
  readonly retrySafe: boolean;
}

/** Turns whatever the SDK or fetch threw into a `NotionError` whose message says what to do. */
export function toNotionError(error: unknown, context: FailureContext): NotionError {
  if (error instanceof NotionError) return error;
  const clean = (text: string) => sanitize(text, context.secrets);
  const base = { endpoint: context.endpoint, ...(context.pageId ? { pageId: context.pageId } : {}) };
  if (isHTTPResponseError(error)) {
    const notionMessage = clean(error.message);
    const details: NotionErrorDetails = {
      ...base,
      status: error.status,
      notionCode: error.code,
      ...(error.request_id ? { requestId: error.request_id } : {}),
    };
    const code = httpErrorCode(error.status, error.code);
    if (code === "unavailable" && !context.retrySafe) {
      const sentence = `Notion failed while handling ${context.endpoint} (${error.status}); it may or may not have been applied. Check before retrying.`;
      return new NotionError(code, sentence, { ...details, outcomeUnknown: true });
    }
    if (code === "validation_error") {
      const column = columnNamedIn(error.message);
      const where = column ? ` (column "${column}")` : "";
      const sentence = `Notion refused ${context.endpoint}${where}: ${notionMessage} Fix the value or the field map and try again.`;
      return new NotionError(code, sentence, { ...details, ...(column ? { column } : {}) });
    }
    return new NotionError(code, sentenceFor(code, context.endpoint, notionMessage), details);
  }
  const network = networkFailure(error);
  if (network !== null) {
    const outcomeUnknown = network === "broken" && !context.retrySafe;
    const reason = clean(describeNetworkFailure(error));
    const sentence = outcomeUnknown
      ? `Lost the connection to Notion during ${context.endpoint} (${reason}); it may or may not have been applied. Check before retrying.`
      : `Notion is unreachable (${reason}). Linksync keeps the work and retries when the network is back.`;
    return new NotionError("offline", sentence, { ...base, ...(outcomeUnknown ? { outcomeUnknown } : {}) });
  }
  const reason = clean(error instanceof Error ? error.message : String(error));
  return new NotionError(
    "malformed_response",
    `Notion's answer to ${context.endpoint} could not be read (${reason}). Nothing was written from it; try again later.`,
    base,
  );
}

function httpErrorCode(status: number, notionCode: string): NotionErrorCode {
  switch (notionCode) {
    case APIErrorCode.Unauthorized:
      return "unauthorized";
    case APIErrorCode.RestrictedResource:
      return "restricted_resource";
    case APIErrorCode.ObjectNotFound:
      return "object_not_found";
    case APIErrorCode.RateLimited:
      return "rate_limited";
    case APIErrorCode.ConflictError:
      return "conflict";
    case APIErrorCode.ValidationError:
    case APIErrorCode.InvalidJSON:
    case APIErrorCode.InvalidRequest:
    case APIErrorCode.InvalidRequestURL:
    case APIErrorCode.InvalidBeta:
      return "validation_error";
  }
  if (status === 401) return "unauthorized";
  if (status === 403) return "restricted_resource";
  if (status === 404) return "object_not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  if (status >= 400) return "validation_error";
  return "malformed_response";
}

function sentenceFor(code: NotionErrorCode, endpoint: string, notionMessage: string): string {
  switch (code) {
    case "unauthorized":
      return "Notion no longer accepts this connection's token (revoked or invalid). Reconnect the workspace in Linksync.";
    case "restricted_resource":
      return `The integration is not allowed to do ${endpoint} here. In Notion, share the page or database with the integration (••• → Connections).`;
    case "object_not_found":
      return `Notion could not find the object for ${endpoint}: it was deleted or is not shared with the integration. Share it with the integration (••• → Connections) or pick another one.`;
    case "rate_limited":
      return "Notion kept rate-limiting this connection. Linksync keeps the work and retries later.";
    case "conflict":
      return `Notion reported a conflicting edit during ${endpoint}. Linksync retries it at the next cycle.`;
    case "unavailable":
      return `Notion is failing (${notionMessage}). Linksync keeps the work and retries later.`;
    default:
      return `Notion refused ${endpoint}: ${notionMessage}`;
  }
}

/** Notion names the property in messages like `Destination is expected to be url.` */
function columnNamedIn(message: string): string | null {
  const match = /^(.+?) is (?:expected to be|not a property that exists)/.exec(message);
  return match?.[1] ?? null;
}

function describeNetworkFailure(error: unknown): string {
  if (RequestTimeoutError.isRequestTimeoutError(error)) return "timed out";
  const code = causeChain(error)
    .map(errorCodeOf)
    .find((c) => c !== null);
  return code ?? (error instanceof Error ? error.message : "network error");
}
