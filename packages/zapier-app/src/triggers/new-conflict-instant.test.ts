import { describe, expect, it } from "vitest";
import { perform as updateDestination } from "../creates/update-destination";
import { hookOperations, instantTriggerWorld } from "../testing/instant-trigger";
import { perform as pollConflicts } from "./new-conflict";
import instant from "./new-conflict-instant";

const world = instantTriggerWorld();

const { performSubscribe, performUnsubscribe, perform, performList } = hookOperations(instant);

const { bundle } = world;

describe("New Conflict (instant)", () => {
  it("hears of a conflict recorded by Update Destination through the shortener, as the polling trigger's item", async () => {
    const subscribeData = await world.subscribe(performSubscribe);
    const link = await world.createLink({ title: "zap", destination: "https://shop.example/zap" });
    await world.live.sandbox.control.editPageAsPerson(link.notionPageId, {
      Destination: "https://n.example/1",
    });
    const result = await world.live.appTester(updateDestination, {
      authData: world.live.authData,
      inputData: {
        dataSourceId: world.live.dataSourceId,
        linkId: link.id,
        destination: "https://z.example/1",
      },
    });
    expect(result.status).toBe("conflict");

    const [delivery] = await world.zapier.waitFor(1);
    const fired = await world.live.appTester(perform, bundle({ subscribeData, ...delivery }));
    const polled = await world.live.appTester(pollConflicts, bundle());

    expect(polled).toHaveLength(1);
    expect(fired).toEqual(polled);
    expect(fired).toEqual([
      expect.objectContaining({
        id: result.conflictId,
        keptValue: "https://n.example/1",
        droppedSource: "zapier",
      }),
    ]);
    expect(await world.live.appTester(performList, bundle())).toEqual(polled);
    const other = { authData: world.live.authData, inputData: { dataSourceId: "another-database" } };
    // A fresh cache (third argument): the delivery was already seen, and this must be skipped for its database.
    expect(await world.live.appTester(perform, { ...other, subscribeData, ...delivery }, true)).toEqual([]);

    await world.live.appTester(performUnsubscribe, bundle({ subscribeData }));
    const response = await fetch(`${world.live.shortener.url}/api/webhooks`, {
      headers: { authorization: `Bearer ${world.live.shortener.apiKey}` },
    });
    expect(((await response.json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
  });
});
