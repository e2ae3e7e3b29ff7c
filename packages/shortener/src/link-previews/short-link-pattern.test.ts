import { describe, expect, it } from "vitest";
import { shortLinkPattern, slugOfShortUrl } from "./short-link-pattern";

describe("shortLinkPattern", () => {
  const pattern = shortLinkPattern("https://go.acme.com");

  it.each([
    ["https://go.acme.com/x7Kp2aB", "x7Kp2aB"],
    ["http://go.acme.com/spring-sale", "spring-sale"],
    ["https://go.acme.com/spring_sale/", "spring_sale"],
    ["https://go.acme.com/x7Kp2aB?utm_source=notion", "x7Kp2aB"],
  ])("reads the slug of %s", (uri, slug) => {
    expect(slugOfShortUrl(pattern, uri)).toBe(slug);
  });

  it.each([
    "https://go.acme.com/",
    "https://go.acme.com/api/links",
    "https://go.acme.com/x7Kp2aB.png",
    "https://go.acme.com.evil.example/x7Kp2aB",
    "https://evil.example/go.acme.com/x7Kp2aB",
    "https://goXacme.com/x7Kp2aB",
    "https://go.acme.com/-leading-dash",
    `https://go.acme.com/${"a".repeat(65)}`,
  ])("does not take %s", (uri) => {
    expect(slugOfShortUrl(pattern, uri)).toBeNull();
  });

  it("keeps a base path and a port", () => {
    expect(slugOfShortUrl(shortLinkPattern("https://acme.com/go"), "https://acme.com/go/abc")).toBe("abc");
    expect(slugOfShortUrl(shortLinkPattern("https://acme.com/go"), "https://acme.com/abc")).toBeNull();
    expect(slugOfShortUrl(shortLinkPattern("http://127.0.0.1:4321"), "http://127.0.0.1:4321/abc")).toBe(
      "abc",
    );
  });
});
