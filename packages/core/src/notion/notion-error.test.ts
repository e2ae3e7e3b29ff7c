import { APIErrorCode, APIResponseError, RequestTimeoutError } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { NotionError, notionFailureVerdict, retryAfterMs, toNotionError } from "./notion-error";

const TOKEN = "ntn_abcdefghijklmnopqrstuvwxyz0123456789";

function apiError(status: number, code: APIErrorCode, message: string, headers: Record<string, string> = {}) {
  return new APIResponseError({
    code,
    status,
    message,
    headers: new Headers(headers),
    rawBodyText: JSON.stringify({ object: "error", status, code, message }),
    additional_data: undefined,
    request_id: "req-1",
  });
}

function socketError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

const context = { endpoint: "pages.update", secrets: [TOKEN], retrySafe: true, pageId: "page-1" };

describe("notionFailureVerdict", () => {
  it("reads Retry-After seconds on a 429 and pauses for exactly that long", () => {
    const error = apiError(429, APIErrorCode.RateLimited, "You have been rate limited.", {
      "Retry-After": "2",
    });
    expect(notionFailureVerdict(error, 0, true)).toEqual({ kind: "throttled", retryAfterMs: 2_000 });
  });

  it("treats 529 as throttling too, with back-off when no Retry-After came", () => {
    const error = apiError(529, APIErrorCode.ServiceOverload, "Overloaded.");
    expect(notionFailureVerdict(error, 0, true)).toEqual({ kind: "throttled", retryAfterMs: null });
  });

  it("retries server errors only for requests that are safe to repeat", () => {
    const error = apiError(503, APIErrorCode.ServiceUnavailable, "Unavailable.");
    expect(notionFailureVerdict(error, 0, true)).toEqual({ kind: "unavailable" });
    expect(notionFailureVerdict(error, 0, false)).toEqual({ kind: "fatal" });
  });

  it("retries a connection refused for any request (nothing was sent) but a reset only when safe", () => {
    expect(notionFailureVerdict(socketError("ECONNREFUSED"), 0, false)).toEqual({ kind: "network" });
    expect(notionFailureVerdict(socketError("ECONNRESET"), 0, true)).toEqual({ kind: "network" });
    expect(notionFailureVerdict(socketError("ECONNRESET"), 0, false)).toEqual({ kind: "fatal" });
    expect(notionFailureVerdict(new RequestTimeoutError(), 0, true)).toEqual({ kind: "network" });
  });

  it("never retries what a retry cannot fix", () => {
    for (const [status, code] of [
      [401, APIErrorCode.Unauthorized],
      [403, APIErrorCode.RestrictedResource],
      [404, APIErrorCode.ObjectNotFound],
      [400, APIErrorCode.ValidationError],
    ] as const) {
      expect(notionFailureVerdict(apiError(status, code, "no"), 0, true)).toEqual({ kind: "fatal" });
    }
  });
});

describe("retryAfterMs", () => {
  it("accepts delta-seconds and HTTP dates, and ignores garbage", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }), 0)).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs({ "Retry-After": "Thu, 01 Jan 2026 00:00:03 GMT" }, now)).toBe(3_000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), 0)).toBeNull();
    expect(retryAfterMs(new Headers(), 0)).toBeNull();
  });
});

describe("toNotionError", () => {
  it("maps a 401 to unauthorized with a sentence that never contains the token", () => {
    const error = toNotionError(
      apiError(401, APIErrorCode.Unauthorized, `API token ${TOKEN} is invalid.`),
      context,
    );
    expect(error).toBeInstanceOf(NotionError);
    expect(error.code).toBe("unauthorized");
    expect(error.message).toMatch(/Reconnect/);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(TOKEN);
    expect(error.transient).toBe(false);
  });

  it("names the column Notion complained about", () => {
    const error = toNotionError(
      apiError(400, APIErrorCode.ValidationError, "Destination is expected to be url."),
      context,
    );
    expect(error.code).toBe("validation_error");
    expect(error.details).toMatchObject({
      column: "Destination",
      pageId: "page-1",
      status: 400,
      requestId: "req-1",
    });
    expect(error.message).toContain('column "Destination"');
  });

  it("reports a network failure as offline and transient", () => {
    const error = toNotionError(socketError("ECONNREFUSED"), context);
    expect(error.code).toBe("offline");
    expect(error.transient).toBe(true);
    expect(error.details.outcomeUnknown).toBeUndefined();
  });

  it("flags a create whose connection broke as outcome unknown", () => {
    const error = toNotionError(socketError("ECONNRESET"), {
      ...context,
      endpoint: "pages.create",
      retrySafe: false,
    });
    expect(error.code).toBe("offline");
    expect(error.details.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/may or may not have been applied/);
  });

  it("maps exhausted rate limiting, conflicts and server errors to their codes", () => {
    expect(toNotionError(apiError(429, APIErrorCode.RateLimited, "slow"), context).code).toBe("rate_limited");
    expect(toNotionError(apiError(409, APIErrorCode.ConflictError, "conflict"), context).code).toBe(
      "conflict",
    );
    expect(toNotionError(apiError(502, APIErrorCode.InternalServerError, "oops"), context).code).toBe(
      "unavailable",
    );
    expect(toNotionError(apiError(404, APIErrorCode.ObjectNotFound, "gone"), context).code).toBe(
      "object_not_found",
    );
  });

  it("calls an unreadable answer malformed", () => {
    const error = toNotionError(new SyntaxError("Unexpected token < in JSON"), context);
    expect(error.code).toBe("malformed_response");
  });
});
