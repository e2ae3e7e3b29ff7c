import { describe, expect, it } from "vitest";
import { checkDestination, MAX_DESTINATION_LENGTH } from "./destination";

describe("checkDestination", () => {
  it.each([
    "https://example.com",
    "http://example.com/path?q=1#top",
    "https://xn--bcher-kva.example/ü?ä=1",
  ])("accepts the absolute http(s) URL %s", (destination) => {
    expect(checkDestination(destination).ok).toBe(true);
  });

  it.each([
    ["javascript:alert(1)", /javascript: URL.*run code/],
    ["JavaScript:alert(1)", /javascript: URL/],
    ["data:text/html,<script>alert(1)</script>", /data: URL.*phishing/],
    ["file:///etc/passwd", /file: URL.*visitor's own computer/],
    ["ftp://example.com/file", /ftp: URLs are not supported/],
    ["example.com/page", /absolute URL starting with http:\/\/ or https:\/\//],
    ["/relative/path", /absolute URL/],
    ["https://user:secret@example.com/", /credentials/],
    ["https://user@example.com/", /credentials/],
    ["http://", /not a valid URL/],
  ])("refuses %s with a reason", (destination, reason) => {
    const check = checkDestination(destination);
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it("accepts exactly the maximum length and refuses one character more", () => {
    const base = "https://example.com/";
    const atLimit = base + "a".repeat(MAX_DESTINATION_LENGTH - base.length);
    expect(checkDestination(atLimit).ok).toBe(true);
    expect(checkDestination(`${atLimit}a`)).toEqual({
      ok: false,
      reason: expect.stringContaining(
        `${MAX_DESTINATION_LENGTH + 1} characters long; the limit is ${MAX_DESTINATION_LENGTH}`,
      ),
    });
  });
});
