import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bundle } from "zapier-platform-core";
import { perform as createShortLink } from "../creates/create-short-link";
import { type HookReceiver, startHookReceiver } from "../testing/hook-receiver";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import newClick from "./new-click";
import type { ShortenerSubscription } from "./rest-hooks/shortener-subscription";

/** The shortener's clock: a click minute is reported once it is over, so the test moves time instead of waiting. */
let now = Date.now();
let live: LiveServices;
let zapier: HookReceiver;
beforeEach(async () => {
  now = Date.now();
  live = await startLiveServices({ shortener: { now: () => now, clickFlushIntervalMs: 5 } });
  zapier = await startHookReceiver();
});
afterEach(async () => {
  await live.close();
  await zapier.close();
});

const { performSubscribe, perform } = newClick.operation as unknown as Record<
  "performSubscribe" | "perform",
  (z: unknown, bundle: Bundle) => Promise<unknown>
>;

describe("New Click (instant)", () => {
  it("fires once per link and minute with that minute's clicks and the link's row", async () => {
    const bundle = (extra: Record<string, unknown> = {}) => ({
      authData: live.authData,
      inputData: { dataSourceId: live.dataSourceId },
      ...extra,
    });
    const subscribeData = (await live.appTester(
      performSubscribe,
      bundle({ targetUrl: zapier.url }),
    )) as ShortenerSubscription;
    const link = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: {
        dataSourceId: live.dataSourceId,
        title: "Launch",
        destination: "https://shop.example/launch",
      },
    });
    for (let i = 0; i < 2; i++) await fetch(link.shortUrl!, { redirect: "manual" });
    now += 61_000;
    const [delivery] = await zapier.waitFor(1, 10_000);

    const fired = (await live.appTester(perform, bundle({ subscribeData, ...delivery }))) as Record<
      string,
      unknown
    >[];
    expect(fired).toEqual([
      expect.objectContaining({
        linkId: link.id,
        clicks: 2,
        title: "Launch",
        shortUrl: link.shortUrl,
        destination: "https://shop.example/launch",
        notionPageUrl: link.notionPageUrl,
      }),
    ]);
    expect(fired[0]!.id).toBe(`${link.id}@${fired[0]!.windowStart}`);
    expect(await live.appTester(perform, bundle({ subscribeData, ...delivery }))).toEqual([]);
  });
});
