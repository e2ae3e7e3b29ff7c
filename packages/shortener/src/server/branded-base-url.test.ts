import { describe, expect, it } from "vitest";
import { normalizeBrandedBaseUrl } from "./branded-base-url";

describe("normalizeBrandedBaseUrl", () => {
  it("drops a trailing slash and keeps a path", () => {
    expect(normalizeBrandedBaseUrl("https://go.acme.com/")).toBe("https://go.acme.com");
    expect(normalizeBrandedBaseUrl("https://acme.com/go/")).toBe("https://acme.com/go");
  });

  it.each([
    ["go.acme.com", /is not a URL/],
    ["ftp://go.acme.com", /http\(s\)/],
    ["https://go.acme.com/?x=1", /query/],
  ])("refuses %s", (value, reason) => {
    expect(() => normalizeBrandedBaseUrl(value)).toThrow(reason);
  });
});
