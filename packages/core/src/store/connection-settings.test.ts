import { describe, expect, it } from "vitest";
import { DEFAULT_REQUESTS_PER_SECOND, readConnectionSettings } from "./connection-settings";

describe("readConnectionSettings", () => {
  it("reads typed settings as stored", () => {
    const stored = {
      notionBaseUrl: "http://127.0.0.1:4100",
      requestsPerSecond: 25,
      label: "Marketing",
      providerBaseUrl: "https://go.acme.com",
      tokenRefresh: { via: "broker", url: "https://linksync.example/oauth/refresh" },
    };
    expect(readConnectionSettings(stored, {}, "Acme")).toEqual(stored);
  });

  it("gives each missing or malformed field its one default", () => {
    const stored = { requestsPerSecond: "fast", label: 3, tokenRefresh: { via: "broker" } };
    expect(readConnectionSettings(stored, {}, "Acme")).toEqual({
      notionBaseUrl: null,
      requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND,
      label: "Acme",
      providerBaseUrl: null,
      tokenRefresh: null,
    });
    expect(readConnectionSettings({ requestsPerSecond: 0 }, {}, "Acme").requestsPerSecond).toBe(
      DEFAULT_REQUESTS_PER_SECOND,
    );
  });

  it("migrates a record written before the settings were typed (strings in providerOptions)", () => {
    const legacy = {
      notionBaseUrl: "",
      requestsPerSecond: "12",
      label: "Marketing",
      tokenRefreshVia: "notion",
    };
    expect(readConnectionSettings(undefined, legacy, "Acme")).toEqual({
      notionBaseUrl: null,
      requestsPerSecond: 12,
      label: "Marketing",
      providerBaseUrl: null,
      tokenRefresh: { via: "notion" },
    });
  });
});
