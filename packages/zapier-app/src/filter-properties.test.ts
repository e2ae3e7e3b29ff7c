import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perform as createShortLink } from "./creates/create-short-link";
import { perform as updateDestination } from "./creates/update-destination";
import { perform as updateLink } from "./creates/update-link";
import { perform as findLink } from "./searches/find-link";
import { perform as getClicks } from "./searches/get-clicks";
import { type LiveServices, startLiveServices } from "./testing/live-services";
import { perform as newConflicts } from "./triggers/new-conflict";
import { perform as newShortLinks } from "./triggers/new-short-link";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

/** Notion's reads of rows: page retrieves and data source queries. */
const ROW_READS = ["GET /v1/pages/{page_id}", "POST /v1/data_sources/{data_source_id}/query"];

describe("every row a step reads", () => {
  it("is read with filter_properties: only the columns the step decodes", async () => {
    const run = <T>(perform: T, inputData: Record<string, unknown>) =>
      live.appTester(perform as Parameters<LiveServices["appTester"]>[0], {
        authData: live.authData,
        inputData,
      }) as Promise<Record<string, unknown>>;
    const dataSourceId = live.dataSourceId;
    const input = { dataSourceId, title: "Spring", destination: "https://shop.example/spring" };
    const link = await run(createShortLink, input);
    await run(createShortLink, input);
    await run(findLink, { dataSourceId, destination: "https://shop.example/spring" });
    await run(getClicks, { linkId: link.id });
    await run(updateLink, { linkId: link.id, tags: ["sale"] });
    await run(updateDestination, { linkId: link.id, destination: "https://shop.example/b" });
    await live.sandbox.control.editPageAsPerson(String(link.notionPageId), {
      Destination: "https://shop.example/notion",
    });
    await run(updateDestination, { linkId: link.id, destination: "https://shop.example/zap" });
    await run(newShortLinks, { dataSourceId });
    await run(newConflicts, { dataSourceId });

    const reads = (await live.sandbox.control.requestLog()).entries.filter((entry) =>
      ROW_READS.includes(entry.endpoint),
    );
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.filter((entry) => entry.filterProperties.length === 0)).toEqual([]);
  });
});
