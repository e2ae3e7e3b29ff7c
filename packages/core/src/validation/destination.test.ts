import { describe, expect, it } from "vitest";
import { checkDestination, MAX_DESTINATION_LENGTH, sameDestination } from "./destination";

describe("checkDestination", () => {
  it.each([
    ["https://example.com", "https://example.com"],
    ["http://example.com/path?q=1#frag", "http://example.com/path?q=1#frag"],
    ["  https://example.com/a  ", "https://example.com/a"],
    ["HTTPS://Example.com/Case", "HTTPS://Example.com/Case"],
    ["https://localhost:8080/x", "https://localhost:8080/x"],
  ])("accepts %j as %j", (raw, url) => {
    expect(checkDestination(raw)).toEqual({ ok: true, url });
  });

  it.each([
    [null, "destination_missing"],
    ["", "destination_missing"],
    ["   ", "destination_missing"],
    ["javascript:alert(1)", "destination_unsafe_scheme"],
    ["JavaScript:alert(1)", "destination_unsafe_scheme"],
    ["data:text/html,<script>alert(1)</script>", "destination_unsafe_scheme"],
    ["file:///etc/passwd", "destination_unsafe_scheme"],
    ["mailto:team@example.com", "destination_unsupported_scheme"],
    ["ftp://example.com/file", "destination_unsupported_scheme"],
    ["example.com/page", "destination_not_absolute"],
    ["www.example.com", "destination_not_absolute"],
    ["example.com:8080/page", "destination_not_absolute"],
    ["/relative/path", "destination_not_absolute"],
    ["https://", "destination_not_absolute"],
    ["https:example.com", "destination_not_absolute"],
    ["https://user:secret@example.com/", "destination_credentials"],
    ["https://user@example.com/", "destination_credentials"],
  ])("refuses %j with %s", (raw, code) => {
    const check = checkDestination(raw);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problem.code).toBe(code);
      expect(check.problem.column).toBe("destination");
    }
  });

  it("accepts exactly 2,000 characters (Notion's url limit) and refuses one more", () => {
    const base = "https://example.com/";
    const exact = base + "a".repeat(MAX_DESTINATION_LENGTH - base.length);
    expect(checkDestination(exact).ok).toBe(true);
    const check = checkDestination(`${exact}a`);
    expect(check).toMatchObject({ ok: false, problem: { code: "destination_too_long" } });
    if (!check.ok) expect(check.problem.message).toContain("2,001 characters");
  });

  it("never echoes credentials in its message", () => {
    for (const raw of [
      "https://bob:hunter2@example.com",
      "//bob:hunter2@example.com",
      "ftp://bob:hunter2@x.io",
    ]) {
      const check = checkDestination(raw);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.problem.message).not.toContain("hunter2");
    }
  });

  it("tells a marketer what to do", () => {
    const check = checkDestination("example.com/spring");
    expect(check).toEqual({
      ok: false,
      problem: {
        code: "destination_not_absolute",
        column: "destination",
        message:
          'Destination "example.com/spring" is not a full web address. Start it with https:// (for example https://example.com/page).',
      },
    });
  });
});

describe("sameDestination", () => {
  it.each([
    ["https://a.example", "https://a.example/", true],
    ["https://A.example/x", "https://a.example/x", true],
    ["https://a.example:443/x", "https://a.example/x", true],
    [" https://a.example/x", "https://a.example/x", true],
    ["https://a.example/x", "https://a.example/X", false],
    ["https://a.example/x", "https://a.example/x/", false],
    ["not a url", "not a url", true],
    ["not a url", "not a url 2", false],
    [null, null, true],
    [null, "https://a.example", false],
  ] as const)("%j vs %j → %s", (a, b, same) => {
    expect(sameDestination(a, b)).toBe(same);
  });
});
