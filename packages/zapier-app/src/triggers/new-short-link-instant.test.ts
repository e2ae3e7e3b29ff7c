import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bundle } from "zapier-platform-core";
import { perform as createShortLink } from "../creates/create-short-link";
import { type HookReceiver, startHookReceiver } from "../testing/hook-receiver";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as pollShortLinks } from "./new-short-link";
import instant from "./new-short-link-instant";
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

async function webhooks(): Promise<{ id: string; url: string; events: string[] }[]> {
  const response = await fetch(`${live.shortener.url}/api/webhooks`, {
    headers: { authorization: `Bearer ${live.shortener.apiKey}` },
  });
  return ((await response.json()) as { webhooks: { id: string; url: string; events: string[] }[] }).webhooks;
}

describe("New Short Link (instant)", () => {
  it("subscribes to link.created, turns the signed delivery into the polling trigger's item, and unsubscribes", async () => {
    const subscribeData = (await live.appTester(
      performSubscribe,
      bundle({ targetUrl: zapier.url }),
    )) as ShortenerSubscription;
    expect(await webhooks()).toEqual([
      expect.objectContaining({ id: subscribeData.id, url: zapier.url, events: ["link.created"] }),
    ]);

    const created = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: {
        dataSourceId: live.dataSourceId,
        title: "Spring sale",
        destination: "https://shop.example/spring",
        tags: ["spring"],
      },
    });
    const [delivery] = await zapier.waitFor(1);
    const fired = await live.appTester(perform, bundle({ subscribeData, ...delivery }));
    const polled = await live.appTester(pollShortLinks, bundle());

    expect(fired).toEqual([polled.find((item) => item.id === created.id)]);
    expect(fired).toEqual([
      expect.objectContaining({ id: created.id, title: "Spring sale", tags: ["spring"] }),
    ]);
    expect(await live.appTester(performList, bundle())).toEqual(polled);

    await live.appTester(performUnsubscribe, bundle({ subscribeData, targetUrl: zapier.url }));
    expect(await webhooks()).toEqual([]);
  });

  it("returns nothing for an unsigned, altered or wrongly signed delivery, without failing the run", async () => {
    const subscribeData = (await live.appTester(
      performSubscribe,
      bundle({ targetUrl: zapier.url }),
    )) as ShortenerSubscription;
    await createSpringSale();
    const [delivery] = await zapier.waitFor(1);
    const raw = delivery!.rawRequest;
    const altered = {
      ...raw,
      content: raw.content.replace("https://shop.example/spring", "https://evil.example"),
    };
    const unsigned = {
      ...raw,
      headers: Object.fromEntries(Object.entries(raw.headers).filter(([name]) => !/signature/i.test(name))),
    };
    const otherSecret = { ...subscribeData, secret: "another-subscription-secret" };

    expect(await live.appTester(perform, bundle({ subscribeData, rawRequest: altered }))).toEqual([]);
    expect(await live.appTester(perform, bundle({ subscribeData, rawRequest: unsigned }))).toEqual([]);
    expect(await live.appTester(perform, bundle({ subscribeData: otherSecret, rawRequest: raw }))).toEqual(
      [],
    );
    expect(await live.appTester(perform, bundle({ cleanedRequest: delivery!.cleanedRequest }))).toEqual([]);
    // The genuine delivery still fires: nothing above was remembered as seen.
    expect(await live.appTester(perform, bundle({ subscribeData, ...delivery }))).toHaveLength(1);
  });

  it("starts one run for a delivery the shortener sends twice (same event id)", async () => {
    const subscribeData = (await live.appTester(
      performSubscribe,
      bundle({ targetUrl: zapier.url }),
    )) as ShortenerSubscription;
    await createSpringSale();
    const [delivery] = await zapier.waitFor(1);
    const first = await live.appTester(perform, bundle({ subscribeData, ...delivery }));
    const redelivered = await live.appTester(perform, bundle({ subscribeData, ...delivery }));
    expect(first).toHaveLength(1);
    expect(redelivered).toEqual([]);
  });

  it("skips links of another database", async () => {
    const subscribeData = (await live.appTester(
      performSubscribe,
      bundle({ targetUrl: zapier.url }),
    )) as ShortenerSubscription;
    await createSpringSale();
    const [delivery] = await zapier.waitFor(1);
    const elsewhere = { authData: live.authData, inputData: { dataSourceId: "another-database" } };
    expect(await live.appTester(perform, { ...elsewhere, subscribeData, ...delivery })).toEqual([]);
  });
});

function createSpringSale() {
  return live.appTester(createShortLink, {
    authData: live.authData,
    inputData: {
      dataSourceId: live.dataSourceId,
      title: "Spring sale",
      destination: "https://shop.example/spring",
    },
  });
}
