import { columnDefinition, FIELDS } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { hookOperations, instantTriggerWorld } from "../testing/instant-trigger";
import { perform as pollShortLinks } from "./new-short-link";
import instant from "./new-short-link-instant";

const world = instantTriggerWorld();

const { performSubscribe, performUnsubscribe, perform, performList } = hookOperations(instant);

const { bundle } = world;

describe("New Short Link (instant)", () => {
  it("subscribes to link.created, turns the signed delivery into the polling trigger's item, and unsubscribes", async () => {
    const subscribeData = await world.subscribe(performSubscribe);
    expect(await world.webhooks()).toEqual([
      expect.objectContaining({ id: subscribeData.id, url: world.zapier.url, events: ["link.created"] }),
    ]);

    const created = await world.createLink({
      title: "Spring sale",
      destination: "https://shop.example/spring",
      tags: ["spring"],
    });
    const [delivery] = await world.zapier.waitFor(1);
    const fired = await world.live.appTester(perform, bundle({ subscribeData, ...delivery }));
    const polled = await world.live.appTester(pollShortLinks, bundle());

    expect(fired).toEqual([polled.find((item) => item.id === created.id)]);
    expect(fired).toEqual([
      expect.objectContaining({ id: created.id, title: "Spring sale", tags: ["spring"] }),
    ]);
    expect(await world.live.appTester(performList, bundle())).toEqual(polled);

    await world.live.appTester(performUnsubscribe, bundle({ subscribeData, targetUrl: world.zapier.url }));
    expect(await world.webhooks()).toEqual([]);
  });

  it("returns nothing for an unsigned, altered or wrongly signed delivery, without failing the run", async () => {
    const subscribeData = await world.subscribe(performSubscribe);
    await world.createLink({ title: "Spring sale", destination: "https://shop.example/spring" });
    const [delivery] = await world.zapier.waitFor(1);
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

    expect(await world.live.appTester(perform, bundle({ subscribeData, rawRequest: altered }))).toEqual([]);
    expect(await world.live.appTester(perform, bundle({ subscribeData, rawRequest: unsigned }))).toEqual([]);
    expect(
      await world.live.appTester(perform, bundle({ subscribeData: otherSecret, rawRequest: raw })),
    ).toEqual([]);
    expect(await world.live.appTester(perform, bundle({ cleanedRequest: delivery!.cleanedRequest }))).toEqual(
      [],
    );
    // The genuine delivery still fires: nothing above was remembered as seen.
    expect(await world.live.appTester(perform, bundle({ subscribeData, ...delivery }))).toHaveLength(1);
  });

  it("starts one run for a delivery the shortener sends twice (same event id)", async () => {
    const subscribeData = await world.subscribe(performSubscribe);
    await world.createLink({ title: "Spring sale", destination: "https://shop.example/spring" });
    const [delivery] = await world.zapier.waitFor(1);
    const first = await world.live.appTester(perform, bundle({ subscribeData, ...delivery }));
    const redelivered = await world.live.appTester(perform, bundle({ subscribeData, ...delivery }));
    expect(first).toHaveLength(1);
    expect(redelivered).toEqual([]);
  });

  it("skips links of another database", async () => {
    const subscribeData = await world.subscribe(performSubscribe);
    await world.createLink({ title: "Spring sale", destination: "https://shop.example/spring" });
    const [delivery] = await world.zapier.waitFor(1);
    // Another Linksync database of the workspace: its columns' ids are not the link's row's.
    const seeded = await world.live.sandbox.control.seedWorkspace({
      databases: [
        {
          title: "Other Links",
          properties: Object.fromEntries(FIELDS.map((f) => [f.defaultName, columnDefinition(f.type)])),
        },
      ],
    });
    const dataSourceId = seeded.databases["Other Links"]!.dataSourceId;
    const elsewhere = { authData: world.live.authData, inputData: { dataSourceId } };
    expect(await world.live.appTester(perform, { ...elsewhere, subscribeData, ...delivery })).toEqual([]);
  });
});
