import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bundle } from "zapier-platform-core";
import { perform as createShortLink } from "../creates/create-short-link";
import { perform as updateDestination } from "../creates/update-destination";
import { type HookReceiver, startHookReceiver } from "../testing/hook-receiver";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import linkUpdated from "./link-updated";
import type { ShortenerSubscription } from "./rest-hooks/shortener-subscription";

let live: LiveServices;
let zapier: HookReceiver;
beforeEach(async () => {
  live = await startLiveServices();
  zapier = await startHookReceiver();
});
afterEach(async () => {
  await live.close();
  await zapier.close();
});

const { performSubscribe, perform } = linkUpdated.operation as unknown as Record<
  "performSubscribe" | "perform",
  (z: unknown, bundle: Bundle) => Promise<unknown>
>;

describe("Link Updated (instant)", () => {
  it("fires for each change of a link with the new destination, who changed it, and the link's row", async () => {
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
        title: "Moving",
        destination: "https://shop.example/old",
      },
    });
    await live.appTester(updateDestination, {
      authData: live.authData,
      inputData: { linkId: link.id, destination: "https://shop.example/new" },
    });
    const [delivery] = await zapier.waitFor(1);
    const fired = (await live.appTester(perform, bundle({ subscribeData, ...delivery }))) as Record<
      string,
      unknown
    >[];
    expect(fired).toEqual([
      expect.objectContaining({
        linkId: link.id,
        destination: "https://shop.example/new",
        updatedBy: "zapier",
        title: "Moving",
        shortUrl: link.shortUrl,
        notionPageUrl: link.notionPageUrl,
      }),
    ]);
    expect(fired[0]!.id).toMatch(new RegExp(`^${link.id}@`));
    expect(await live.appTester(perform, bundle({ subscribeData, ...delivery }))).toEqual([]);
  });
});
