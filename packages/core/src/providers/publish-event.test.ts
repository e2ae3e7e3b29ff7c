import { randomBytes } from "node:crypto";
import { exampleConflictReport } from "@linksync/link-contract";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConflictEvent } from "../events/events";
import { createLinksyncShortenerProvider } from "./linksync-shortener";
import { publishEventBestEffort } from "./publish-event";

let shortener: RunningShortener;
beforeAll(async () => {
  shortener = await startShortener({ apiKey: `key-${randomBytes(16).toString("hex")}` });
});
afterAll(() => shortener.close());

const conflict: ConflictEvent = {
  ...exampleConflictReport({
    conflictId: "c_0123456789ab",
    databaseId: "0f5e8a1c-1111-4a55-9a3e-5b0c8f1e7d21",
    dropped: "https://shop.example.com/old",
  }),
  droppedSource: "desktop",
};

async function reported(type: string): Promise<unknown[]> {
  const response = await fetch(`${shortener.url}/api/events?type=${type}`, {
    headers: { authorization: `Bearer ${shortener.apiKey}` },
  });
  return ((await response.json()) as { events: { data: unknown }[] }).events.map((event) => event.data);
}

describe("publishEventBestEffort with the linksync-shortener provider", () => {
  it("reports a conflict and a pause to the shortener; the same conflict twice is one event", async () => {
    const provider = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: shortener.apiKey });
    const paused = {
      databaseId: conflict.databaseId,
      reason: "schema_drift" as const,
      message: 'The "Destination" column was renamed. Map it again or rename it back.',
      at: "2026-03-01T15:00:00.000Z",
    };

    expect(provider.capabilities.publishEvents).toBe(true);
    expect(await publishEventBestEffort(provider, { type: "conflict", data: conflict })).toBe(true);
    expect(await publishEventBestEffort(provider, { type: "conflict", data: conflict })).toBe(true);
    expect(await publishEventBestEffort(provider, { type: "sync.paused", data: paused })).toBe(true);

    expect(await reported("conflict")).toEqual([conflict]);
    expect(await reported("sync.paused")).toEqual([paused]);
  });

  it("never throws: an unreachable or refusing provider is logged with the reason and without the API key", async () => {
    const apiKey = "secret-key-never-logged";
    const down = createLinksyncShortenerProvider({ baseUrl: "http://127.0.0.1:1", apiKey });
    const refusing = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey });
    const logged: string[] = [];

    expect(
      await publishEventBestEffort(down, { type: "conflict", data: conflict }, (m) => logged.push(m)),
    ).toBe(false);
    expect(
      await publishEventBestEffort(refusing, { type: "conflict", data: conflict }, (m) => logged.push(m)),
    ).toBe(false);

    expect(logged).toEqual([
      expect.stringMatching(
        /conflict c_0123456789ab .*Could not reach the shortener.*polling triggers still see it/,
      ),
      expect.stringMatching(/conflict c_0123456789ab .*refused the API key/),
    ]);
    expect(logged.join("\n")).not.toContain(apiKey);
  });
});
