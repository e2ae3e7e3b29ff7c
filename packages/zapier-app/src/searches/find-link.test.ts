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
    expect(await find({ shortUrl: link.shortUrl! })).toEqual([link]);
    expect(await find({ destination: "https://pod.example/1" })).toEqual([link]);
    expect(await find({ title: "Podcast" })).toEqual([link]);
    expect(await find({ title: "Newsletter" })).toEqual([]);
  });

  it("asks for something to search by when every field is empty", async () => {
    await expect(find({})).rejects.toThrow(/Fill in Short URL, Destination URL or Title/);
  });
});
