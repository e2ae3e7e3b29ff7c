import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../sandbox";
import { startSandbox } from "../sandbox";
import { sdkClient } from "../testing/sdk-sandbox";
import type { WorkspaceEvent } from "./events";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("workspace events", () => {
  it("announces created pages, property updates with property ids, and trashing, with ids only", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const seed = await sandbox.control.seedCampaign({ rows: 1 });
    const events: WorkspaceEvent[] = [];
    sandbox.events.subscribe((event) => events.push(event));
    const notion = sdkClient(sandbox, seed.token);
    const page = await notion.pages.create({
      parent: { data_source_id: seed.dataSourceId },
      properties: { Name: { title: [{ text: { content: "New" } }] } },
    });
    await notion.pages.update({
      page_id: page.id,
      properties: { Destination: { url: "https://a.example" } },
    });
    await notion.pages.update({ page_id: page.id, in_trash: true });
    const schema = await notion.dataSources.retrieve({ data_source_id: seed.dataSourceId });
    const destinationId = "properties" in schema ? schema.properties.Destination?.id : undefined;
    expect(events.map((event) => event.type)).toEqual([
      "page.created",
      "page.properties_updated",
      "page.deleted",
    ]);
    expect(events[1]).toMatchObject({
      pageId: page.id,
      dataSourceId: seed.dataSourceId,
      propertyIds: [destinationId],
      authorId: seed.botUserId,
    });
  });
});
