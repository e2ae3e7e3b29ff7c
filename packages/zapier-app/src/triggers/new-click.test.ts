import { describe, expect, it } from "vitest";
import { hookOperations, instantTriggerWorld } from "../testing/instant-trigger";
import newClick from "./new-click";

/** The shortener's clock: a click minute is reported once it is over, so the test moves time instead of waiting. */
let now = Date.now();
const world = instantTriggerWorld(() => {
  now = Date.now();
  return { shortener: { now: () => now, clickFlushIntervalMs: 5 } };
});
const { bundle } = world;

const { performSubscribe, perform } = hookOperations(newClick);

describe("New Click (instant)", () => {
  it("fires once per link and minute with that minute's clicks and the link's row", async () => {
    const subscribeData = await world.subscribe(performSubscribe);
    const link = await world.createLink({ title: "Launch", destination: "https://shop.example/launch" });
    for (let i = 0; i < 2; i++) await fetch(link.shortUrl!, { redirect: "manual" });
    now += 61_000;
    const [delivery] = await world.zapier.waitFor(1, 10_000);

    const fired = (await world.live.appTester(perform, bundle({ subscribeData, ...delivery }))) as Record<
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
    expect(await world.live.appTester(perform, bundle({ subscribeData, ...delivery }))).toEqual([]);
  });
});
