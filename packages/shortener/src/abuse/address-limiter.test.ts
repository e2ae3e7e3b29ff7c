import { afterEach, describe, expect, it } from "vitest";
import type { RunningShortener } from "../server/start-shortener";
import { call, startTestShortener } from "../testing/shortener-client";
import { AddressLimiter } from "./address-limiter";

let shortener: RunningShortener | undefined;
afterEach(() => shortener?.close());

describe("AddressLimiter", () => {
  it("allows the limit per window and address, then says how long to wait", () => {
    let now = 0;
    const limiter = new AddressLimiter(2, 60_000, () => now);
    expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterS: 60 });
    expect(limiter.take("b")).toEqual({ allowed: true });
    now = 45_000;
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterS: 15 });
    now = 60_000;
    expect(limiter.take("a")).toEqual({ allowed: true });
  });
});

describe("abuse limits per client address", () => {
  it("answers 429 with Retry-After after too many wrong API keys, even to a right one", async () => {
    shortener = await startTestShortener({ abuseLimits: { failedApiKeys: 3 } });
    for (let i = 0; i < 3; i++) {
      expect((await call(shortener, "GET", "/api/utm-templates", { apiKey: `guess-${i}` })).status).toBe(401);
    }
    const limited = await call(shortener, "GET", "/api/utm-templates", { apiKey: "guess-4" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(shortener, "GET", "/api/utm-templates")).status).toBe(429);
  });

  it("limits OAuth broker starts per address", async () => {
    shortener = await startTestShortener({
      oauthBroker: { notionClientId: "id", notionClientSecret: "secret" },
      abuseLimits: { brokerStarts: 2 },
    });
    const start = () => fetch(`${shortener!.url}/oauth/notion/start?state=x`, { redirect: "manual" });
    expect((await start()).status).not.toBe(429);
    expect((await start()).status).not.toBe(429);
    const limited = await start();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
