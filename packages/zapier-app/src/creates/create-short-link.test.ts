import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as createShortLink } from "./create-short-link";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

function create(inputData: Record<string, unknown>, dataSourceId = live.dataSourceId) {
  return live.appTester(createShortLink, {
    authData: live.authData,
    inputData: { dataSourceId, ...inputData },
  });
}

async function rowsInDatabase(): Promise<number> {
  const snapshot = await live.sandbox.control.snapshot();
  return snapshot.pages.filter((page) => page.parent.type === "data_source").length;
}

describe("Create Short Link", () => {
  it("creates the Notion row and its link and returns the full object", async () => {
    const link = await create({
      title: "Spring sale",
      destination: "https://shop.example/spring",
      tags: ["spring", "sale"],
      slug: "spring-26",
    });
    expect(link).toEqual({
      id: expect.any(String),
      title: "Spring sale",
      destination: "https://shop.example/spring",
      shortUrl: `${live.shortener.brandedBaseUrl}/spring-26`,
      qrUrl: `${live.shortener.brandedBaseUrl}/spring-26.png`,
      tags: ["spring", "sale"],
      clicks: null,
      notionPageId: expect.any(String),
      notionPageUrl: expect.stringContaining("notion.so"),
      lastSynced: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]00:00)$/),
      outcome: "created",
    });
    const redirect = await fetch(link.shortUrl!, { redirect: "manual" });
    expect(redirect.headers.get("location")).toBe("https://shop.example/spring");
  });

  it("returns the same object when Zapier retries, with one row and one link", async () => {
    const input = { title: "Retry", destination: "https://shop.example/retry", tags: "a, b" };
    const first = await create(input);
    const retry = await create(input);
    expect(retry).toEqual({ ...first, outcome: "existing" });
    expect(first.tags).toEqual(["a", "b"]);
    expect(await rowsInDatabase()).toBe(1);
  });

  it("returns the first row and link when Zapier retries while Notion's query index still lags the first run", async () => {
    // Longer than the test: Notion's queries list none of the rows created here.
    await live.sandbox.control.setVisibilityDelay(10 * 60_000);
    const input = { title: "Lagging", destination: "https://shop.example/lagging", tags: "a" };
    const first = await create(input);
    const [retry, concurrent] = await Promise.all([create(input), create(input)]);
    expect(retry).toEqual({ ...first, outcome: "existing" });
    expect(concurrent).toEqual({ ...first, outcome: "existing" });
    expect(await rowsInDatabase()).toBe(1);
    const links = await fetch(`${live.shortener.url}/api/links`, {
      headers: { authorization: `Bearer ${live.shortener.apiKey}` },
    });
    expect(((await links.json()) as { links: unknown[] }).links).toHaveLength(1);
  });

  it("says so, instead of returning another link, when the row already has a link with another slug", async () => {
    const input = { title: "Summer", destination: "https://shop.example/summer", slug: "summer-26" };
    const first = await create(input);
    await expect(create({ ...input, slug: "summer-sale" })).rejects.toThrow(
      new RegExp(
        `already has the short link ${first.shortUrl} \\(slug .{1,2}summer-26.{1,2}\\), and a link.s slug is not changed`,
      ),
    );
    expect(await create(input)).toEqual({ ...first, outcome: "existing" });
    expect(await rowsInDatabase()).toBe(1);
  });

  it("refuses a destination that is not a web address with a sentence saying what to fix", async () => {
    await expect(create({ title: "Bad", destination: "shop.example/spring" })).rejects.toThrow(
      /not a full web address\. Start it with https:\/\//,
    );
    expect(await rowsInDatabase()).toBe(0);
  });

  it("refuses a database that is not set up for Linksync, saying how to set it up", async () => {
    const seeded = await live.sandbox.control.seedWorkspace({
      databases: [{ title: "Plain", properties: { Name: { title: {} }, Destination: { url: {} } } }],
    });
    await expect(
      create({ title: "X", destination: "https://shop.example/x" }, seeded.databases.Plain!.dataSourceId),
    ).rejects.toThrow(/not set up for Linksync\. .*Attach it in the Linksync app/);
  });

  it("reports the connection expired when the shortener refuses its API key, without echoing the key", async () => {
    const wrongKey = "wrong-shortener-key-123";
    const attempt = live.appTester(createShortLink, {
      authData: { ...live.authData, shortenerApiKey: wrongKey },
      inputData: { dataSourceId: live.dataSourceId, title: "Key", destination: "https://shop.example/key" },
    });
    await expect(attempt).rejects.toMatchObject({ name: "ExpiredAuthError" });
    await expect(attempt).rejects.toThrow(/Reconnect Linksync with a current Shortener API Key/);
    await expect(attempt).rejects.not.toThrow(wrongKey);
  });

  it("hands Notion's rate limit back to Zapier as a ThrottledError with Notion's Retry-After delay", async () => {
    await live.sandbox.control.setFaults({ rateLimitNext: { count: 10, retryAfterSeconds: 45 } });
    const error = await create({ title: "Busy", destination: "https://shop.example/busy" }).catch(
      (e: Error) => e,
    );
    expect(error).toMatchObject({ name: "ThrottledError" });
    expect(JSON.parse((error as Error).message)).toMatchObject({
      delay: 45,
      message: expect.stringContaining("rate"),
    });
  });
});
