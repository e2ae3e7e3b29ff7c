import { describe, expect, it } from "vitest";
import { perform as updateDestination } from "../creates/update-destination";
import { hookOperations, instantTriggerWorld } from "../testing/instant-trigger";
import linkUpdated from "./link-updated";

const world = instantTriggerWorld();
const { bundle } = world;

const { performSubscribe, perform } = hookOperations(linkUpdated);

describe("Link Updated (instant)", () => {
  it("fires for each change of a link with the new destination, who changed it, and the link's row", async () => {
    const subscribeData = await world.subscribe(performSubscribe);
    const link = await world.createLink({ title: "Moving", destination: "https://shop.example/old" });
    await world.live.appTester(updateDestination, {
      authData: world.live.authData,
      inputData: { linkId: link.id, destination: "https://shop.example/new" },
    });
    const [delivery] = await world.zapier.waitFor(1);
    const fired = (await world.live.appTester(perform, bundle({ subscribeData, ...delivery }))) as Record<
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
    expect(await world.live.appTester(perform, bundle({ subscribeData, ...delivery }))).toEqual([]);
  });
});
