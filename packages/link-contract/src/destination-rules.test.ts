import { describe, expect, it } from "vitest";
import { checkDestinationRules, MAX_DESTINATION_LENGTH, sameDestination } from "./destination-rules";

describe("checkDestinationRules", () => {
  it("accepts up to Notion's url limit of 2,000 characters and refuses one more", () => {
    expect(MAX_DESTINATION_LENGTH).toBe(2000);
    const base = "https://example.com/";
    const exact = base + "a".repeat(MAX_DESTINATION_LENGTH - base.length);
    expect(checkDestinationRules(exact)).toEqual({ ok: true, url: exact });
    expect(checkDestinationRules(`${exact}a`)).toEqual({
      ok: false,
      code: "destination_too_long",
      length: 2001,
    });
  });

  it.each([
    [null, "destination_missing"],
    ["javascript:alert(1)", "destination_unsafe_scheme"],
    ["ftp://example.com/file", "destination_unsupported_scheme"],
    ["example.com:8080/page", "destination_not_absolute"],
    ["https://", "destination_not_absolute"],
    ["https://user:secret@example.com/", "destination_credentials"],
  ])("gives %j the verdict %s, the same for the engine and the shortener", (raw, code) => {
    expect(checkDestinationRules(raw)).toMatchObject({ ok: false, code });
  });

  it("keeps the URL verbatim but for surrounding whitespace", () => {
    expect(checkDestinationRules("  HTTPS://Example.com/Case ")).toEqual({
      ok: true,
      url: "HTTPS://Example.com/Case",
    });
  });
});

describe("sameDestination", () => {
  it("ignores what URL parsers normalise, and nothing else", () => {
    expect(sameDestination("https://A.example:443", "https://a.example/")).toBe(true);
    expect(sameDestination("https://a.example/x", "https://a.example/X")).toBe(false);
  });
});
