import { describe, expect, it } from "vitest";
import { errorForStatus, parseRetryAfter } from "./http-errors";

const NOW = Date.parse("2026-03-01T10:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates, and nothing else", () => {
    expect(parseRetryAfter("2", NOW)).toBe(2000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 10:00:05 GMT", NOW)).toBe(5000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 09:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe("errorForStatus", () => {
  const body = (code: string, message: string) => ({ error: { code, message } });

  it.each([
    [400, body("invalid_destination", "Destination uses a data: URL"), "invalid_destination", "data: URL"],
    [400, body("invalid_input", "tags must be an array"), "invalid_input", "tags must be"],
    [401, body("unauthorized", "x"), "unauthorized", "API key"],
    [403, undefined, "unauthorized", "API key"],
    [404, body("not_found", "No link has id"), "not_found", "No link has id"],
    [409, body("slug_taken", 'Slug "a" is already taken'), "slug_taken", "already taken"],
    [412, body("version_conflict", "changed meanwhile"), "version_conflict", "changed meanwhile"],
    [502, undefined, "unavailable", "HTTP 502"],
    [413, body("payload_too_large", "Request bodies are limited"), "invalid_input", "limited"],
  ])("maps HTTP %i to its code and keeps the server's reason", (status, payload, code, message) => {
    const error = errorForStatus(status, payload, null, NOW);
    expect(error).toMatchObject({ code, details: { status } });
    expect(error.message).toContain(message);
  });
});
