import { describe, expect, it } from "vitest";
import {
  looksLikeSecret,
  REDACTED,
  redactSecrets,
  safeErrorMessage,
  sanitize,
  scrubSecrets,
} from "./redaction";

describe("redactSecrets", () => {
  it("removes every occurrence of each known secret, longest first", () => {
    const text = "token=abcdef123456 again abcdef123456 and abcdef123456XYZ";
    expect(redactSecrets(text, ["abcdef123456", "abcdef123456XYZ"])).toBe(
      `token=${REDACTED} again ${REDACTED} and ${REDACTED}`,
    );
  });

  it("ignores values too short to be secrets", () => {
    expect(redactSecrets("a b c", ["a", ""])).toBe("a b c");
  });
});

describe("scrubSecrets", () => {
  it.each([
    ["Notion token", "failed with ntn_4c1Dq8ZbY7tP2wXk9LmN3vR6sQ0aE5fG1hJ2kL3mN4o today", "ntn_4c1"],
    ["legacy Notion token", "key secret_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg", "secret_AbC"],
    ["bearer header", "Authorization: Bearer lsk_9f8e7d6c5b4a", "lsk_9f8e"],
    ["JSON header", '{"authorization":"Bearer abc.def.ghi-123"}', "abc.def"],
    ["api key header", "x-api-key: sk_live_0123456789", "sk_live"],
    ["query parameter", "GET https://api.example.com/links?api_key=zz99yy88xx77&limit=5", "zz99"],
  ])("removes a %s", (_name, text, fragment) => {
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).not.toContain(fragment);
    expect(scrubbed).toContain(REDACTED);
    expect(looksLikeSecret(text)).toBe(true);
  });

  it("leaves ordinary text alone", () => {
    const text = "Destination must be a URL property (https://go.acme.com/x7Kp2, secret sauce).";
    expect(scrubSecrets(text)).toBe(text);
    expect(looksLikeSecret(text)).toBe(false);
  });
});

describe("safeErrorMessage", () => {
  it("keeps the error code and removes known and token-shaped secrets", () => {
    const error = Object.assign(
      new Error("401 for token ntn_4c1Dq8ZbY7tP2wXk9LmN3vR6sQ0aE5fG1hJ2 key=lsk_abcdefgh"),
      {
        code: "unauthorized",
      },
    );
    const message = safeErrorMessage(error, ["lsk_abcdefgh"]);
    expect(message).toBe(`unauthorized: 401 for token ${REDACTED} key=${REDACTED}`);
  });

  it("describes non-Error values", () => {
    expect(safeErrorMessage("Bearer abcdefghij")).toBe(`Bearer ${REDACTED}`);
    expect(sanitize("plain")).toBe("plain");
  });
});
