import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bundle } from "zapier-platform-core";
import { perform as createShortLink } from "../creates/create-short-link";
import { perform as updateDestination } from "../creates/update-destination";
import { type HookReceiver, startHookReceiver } from "../testing/hook-receiver";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as pollConflicts } from "./new-conflict";
import instant from "./new-conflict-instant";
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

const { performSubscribe, performUnsubscribe, perform, performList } = instant.operation as unknown as Record<
  "performSubscribe" | "performUnsubscribe" | "perform" | "performList",
  (z: unknown, bundle: Bundle) => Promise<unknown>
>;

function bundle(extra: Record<string, unknown> = {}) {
  return { authData: live.authData, inputData: { dataSourceId: live.dataSourceId }, ...extra };
}

describe("New Conflict (instant)", () => {
  it("hears of a conflict recorded by Update Destination through the shortener, as the polling trigger's item", async () => {
    const subscribeData = (await live.appTester(
      performSubscribe,
      bundle({ targetUrl: zapier.url }),
    )) as ShortenerSubscription;
    const link = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: { dataSourceId: live.dataSourceId, title: "zap", destination: "https://shop.example/zap" },
    });
    await live.sandbox.control.editPageAsPerson(link.notionPageId, { Destination: "https://n.example/1" });
    const result = await live.appTester(updateDestination, {
      authData: live.authData,
      inputData: { dataSourceId: live.dataSourceId, linkId: link.id, destination: "https://z.example/1" },
    });
    expect(result.status).toBe("conflict");

    const [delivery] = await zapier.waitFor(1);
    const fired = await live.appTester(perform, bundle({ subscribeData, ...delivery }));
    const polled = await live.appTester(pollConflicts, bundle());

    expect(polled).toHaveLength(1);
    expect(fired).toEqual(polled);
    expect(fired).toEqual([
      expect.objectContaining({
        id: result.conflictId,
        keptValue: "https://n.example/1",
        droppedSource: "zapier",
      }),
    ]);
    expect(await live.appTester(performList, bundle())).toEqual(polled);
    const other = { authData: live.authData, inputData: { dataSourceId: "another-database" } };
    // A fresh cache (third argument): the delivery was already seen, and this must be skipped for its database.
    expect(await live.appTester(perform, { ...other, subscribeData, ...delivery }, true)).toEqual([]);

    await live.appTester(performUnsubscribe, bundle({ subscribeData }));
    const response = await fetch(`${live.shortener.url}/api/webhooks`, {
      headers: { authorization: `Bearer ${live.shortener.apiKey}` },
    });
    expect(((await response.json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
  });
});
