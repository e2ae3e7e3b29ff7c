import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perform as createShortLink } from "../creates/create-short-link";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as getClicks } from "./get-clicks";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices({ shortener: { clickFlushIntervalMs: 5 } });
});
afterEach(async () => {
  await live.close();
});

describe("Get Clicks", () => {
  it("gives the shortener's click count and last click time with the link's row", async () => {
    const created = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: { dataSourceId: live.dataSourceId, title: "Clicky", destination: "https://shop.example/c" },
    });
    const ask = () =>
      live.appTester(getClicks, { authData: live.authData, inputData: { linkId: created.id } });
    expect(await ask()).toEqual([{ ...withoutOutcome(created), clicks: 0, lastClickAt: null }]);
    const before = Date.now();
    for (let i = 0; i < 3; i++) await fetch(created.shortUrl!, { redirect: "manual" });
    const [after] = await ask();
    expect(after).toMatchObject({ clicks: 3, shortUrl: created.shortUrl, title: "Clicky" });
    expect(Date.parse(after!.lastClickAt!)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("says when the link is unknown", async () => {
    await expect(
      live.appTester(getClicks, { authData: live.authData, inputData: { linkId: "lnk_missing" } }),
    ).rejects.toThrow(/No link has id lnk_missing/);
  });
});

function withoutOutcome<T extends { outcome: string }>({ outcome: _, ...rest }: T) {
  return rest;
}
