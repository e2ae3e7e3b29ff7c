import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perform as createShortLink } from "../creates/create-short-link";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as findLink } from "./find-link";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

function find(query: Record<string, string>) {
  return live.appTester(findLink, {
    authData: live.authData,
    inputData: { dataSourceId: live.dataSourceId, ...query },
  });
}

describe("Find Link", () => {
  it("finds a link by short URL, by destination or by words of its title", async () => {
    const link = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: {
        dataSourceId: live.dataSourceId,
        title: "Podcast launch",
        destination: "https://pod.example/1",
      },
    });
    const found = (matchedBy: string) => [{ ...link, outcome: "found", matchedBy }];
    expect(await find({ shortUrl: link.shortUrl! })).toEqual(found(`Short URL is ${link.shortUrl}`));
    expect(await find({ destination: "https://pod.example/1" })).toEqual(
      found("Destination URL is https://pod.example/1"),
    );
    expect(await find({ title: "podcast" })).toEqual(found('Title contains "podcast" (any case)'));
    expect(await find({ title: "Newsletter" })).toEqual([]);
  });

  it("combines the fields given: a row must match all of them", async () => {
    const create = (title: string, destination: string) =>
      live.appTester(createShortLink, {
        authData: live.authData,
        inputData: { dataSourceId: live.dataSourceId, title, destination },
      });
    await create("Podcast launch", "https://pod.example/1");
    const second = await create("Podcast teaser", "https://pod.example/2");
    const results = await find({ title: "Podcast", destination: "https://pod.example/2" });
    expect(results.map((r) => r.id)).toEqual([second.id]);
    expect(results[0]?.matchedBy).toBe(
      'Destination URL is https://pod.example/2 and Title contains "Podcast" (any case)',
    );
    expect(await find({ title: "teaser", destination: "https://pod.example/1" })).toEqual([]);
  });

  it("asks for something to search by when every field is empty", async () => {
    await expect(find({})).rejects.toThrow(/Fill in Short URL, Destination URL or Title/);
  });
});
