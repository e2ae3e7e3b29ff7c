import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bundle } from "zapier-platform-core";
import App from "../index";
import { type LiveServices, startLiveServices } from "../testing/live-services";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

type Perform = (z: unknown, bundle: Bundle) => Promise<unknown>;

/** What Zapier does for a Find or Create step: the search, then the create only when the search found nothing. */
async function findOrCreate(inputData: Record<string, unknown>) {
  const pair = App.searchOrCreates?.find_link;
  if (!pair) throw new Error("The app has no Find or Create Link.");
  const steps = (group: unknown) => group as Record<string, { operation: { perform: Perform } }>;
  const search = steps(App.searches)[pair.search]!.operation.perform;
  const create = steps(App.creates)[pair.create]!.operation.perform;
  const bundle = { authData: live.authData, inputData: { dataSourceId: live.dataSourceId, ...inputData } };
  const found = (await live.appTester(search, bundle)) as Record<string, unknown>[];
  return found[0] ?? ((await live.appTester(create, bundle)) as Record<string, unknown>);
}

describe("Find or Create Link", () => {
  it("creates the link when none matches, and finds that one the next time", async () => {
    const input = { title: "Webinar", destination: "https://events.example/webinar" };
    const created = await findOrCreate(input);
    expect(created).toMatchObject({ outcome: "created", title: "Webinar", shortUrl: expect.any(String) });
    const found = await findOrCreate(input);
    expect(found).toMatchObject({
      outcome: "found",
      id: created.id,
      shortUrl: created.shortUrl,
      matchedBy: 'Destination URL is https://events.example/webinar and Title contains "Webinar" (any case)',
    });
    const snapshot = await live.sandbox.control.snapshot();
    expect(snapshot.pages.filter((page) => page.parent.type === "data_source")).toHaveLength(1);
  });
});
