import { describe, expect, it } from "vitest";
import { checkPatterns, matchesUnfurl } from "./url-matching";

const matcher = {
  domain: "lnk.example",
  patterns: ["^https://(www\\.)?lnk\\.example/(?<slug>[A-Za-z0-9_-]+)$"],
};

describe("matchesUnfurl", () => {
  it("matches URLs of the domain that fit a pattern", () => {
    expect(matchesUnfurl(matcher, "https://lnk.example/spring-sale")).toBe(true);
    expect(matchesUnfurl(matcher, "https://www.lnk.example/spring")).toBe(true);
  });

  it("refuses other hosts, look-alike hosts and URLs outside the pattern", () => {
    expect(matchesUnfurl(matcher, "https://evil.example/spring")).toBe(false);
    expect(matchesUnfurl(matcher, "https://notlnk.example/spring")).toBe(false);
    expect(matchesUnfurl(matcher, "https://lnk.example/a/b")).toBe(false);
    expect(matchesUnfurl(matcher, "not a url")).toBe(false);
  });

  it("refuses invalid patterns up front", () => {
    expect(() => checkPatterns(["(unclosed"])).toThrow(/not a valid regular expression/);
    expect(() => checkPatterns([])).toThrow(/at least one/);
  });
});
