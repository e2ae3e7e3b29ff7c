import { describe, expect, it } from "vitest";
import { isAllowedExternalUrl } from "./external-url";
import { isTrustedSenderUrl } from "./trusted-sender";

describe("external links", () => {
  it("lets web pages and Notion links open in the system", () => {
    expect(isAllowedExternalUrl("https://www.notion.so/abc")).toBe(true);
    expect(isAllowedExternalUrl("http://go.acme.example/x")).toBe(true);
    expect(isAllowedExternalUrl("notion://www.notion.so/abc")).toBe(true);
  });
  it("never opens files, scripts or other schemes", () => {
    for (const url of [
      "file:///etc/passwd",
      "javascript:alert(1)",
      "smb://host/share",
      "ms-msdt:/id",
      "not a url",
    ]) {
      expect(isAllowedExternalUrl(url)).toBe(false);
    }
  });
});

describe("IPC sender check", () => {
  const app = "app://linksync/index.html";
  it("trusts our own page, with any hash route", () => {
    expect(isTrustedSenderUrl(`${app}#/inbox`, app)).toBe(true);
  });
  it("trusts the dev server origin in development", () => {
    expect(isTrustedSenderUrl("http://localhost:5173/#/x", "http://localhost:5173/")).toBe(true);
  });
  it("refuses other files, other origins and empty senders", () => {
    expect(isTrustedSenderUrl("file:///tmp/evil.html", app)).toBe(false);
    expect(isTrustedSenderUrl("https://evil.example/", app)).toBe(false);
    expect(isTrustedSenderUrl("http://localhost:5174/", "http://localhost:5173/")).toBe(false);
    expect(isTrustedSenderUrl("", app)).toBe(false);
    expect(isTrustedSenderUrl("app://elsewhere/index.html", app)).toBe(false);
    expect(isTrustedSenderUrl("other://linksync/index.html", app)).toBe(false);
  });
});
