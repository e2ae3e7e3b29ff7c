import { isFullPage } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../sandbox";
import { startSandbox } from "../sandbox";
import { sdkClient } from "../testing/sdk-sandbox";
import { createControlClient } from "./http-client";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("control API", () => {
  it("works over HTTP through the typed client", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const control = createControlClient(sandbox.baseUrl);
    const seed = await control.seedCampaign({ rows: 5 });
    expect(seed.pageIds).toHaveLength(5);
    const me = await sdkClient(sandbox, seed.token).users.me({});
    expect(me.id).toBe(seed.botUserId);
    await expect(control.advanceClock(-1)).rejects.toThrow(/non-negative/);
  });

  it("records a person's edit as last_edited_by that person, and the integration's as the bot", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const seed = await sandbox.control.seedCampaign({ rows: 2 });
    const pageId = seed.pageIds[0] ?? "";
    const edited = await sandbox.control.editPageAsPerson(pageId, {
      Destination: "https://b.example",
      Tags: ["sale"],
    });
    expect(edited.last_edited_by.id).toBe(seed.personId);
    expect(edited.properties.Destination).toMatchObject({ url: "https://b.example" });
    const notion = sdkClient(sandbox, seed.token);
    const byBot = await notion.pages.update({
      page_id: pageId,
      properties: { "Short URL": { url: "https://lnk.example/x" } },
    });
    expect(isFullPage(byBot) && byBot.last_edited_by.id).toBe(seed.botUserId);
  });

  it("creates a row as a person, visible to the integration's queries", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const seed = await sandbox.control.seedCampaign({ rows: 2 });
    const page = await sandbox.control.createPageAsPerson(seed.dataSourceId, {
      Name: "Added by Maya",
      Destination: "https://new.example",
      Sync: "Live",
    });
    expect([page.created_by.id, page.last_edited_by.id]).toEqual([seed.personId, seed.personId]);
    const found = await sdkClient(sandbox, seed.token).dataSources.query({
      data_source_id: seed.dataSourceId,
      filter: { property: "Destination", url: { equals: "https://new.example" } },
    });
    expect(found.results.map((result) => result.id)).toEqual([page.id]);
  });

  it("rounds last_edited_time down to the minute on the sandbox clock", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const seed = await sandbox.control.seedCampaign({ rows: 1 });
    const { now } = await sandbox.control.now();
    await sandbox.control.advanceClock(90_000);
    const edited = await sandbox.control.editPageAsPerson(seed.pageIds[0] ?? "", { Name: "Renamed" });
    const expected = new Date(Date.parse(now) + 90_000);
    expected.setUTCSeconds(0, 0);
    expect(edited.last_edited_time).toBe(expected.toISOString());
  });

  it("shows a fresh edit to query filters only after the visibility delay", async () => {
    sandbox = await startSandbox({ rateLimit: false, visibilityDelayMs: 5_000 });
    const seed = await sandbox.control.seedCampaign({ rows: 3 });
    const notion = sdkClient(sandbox, seed.token);
    const pageId = seed.pageIds[1] ?? "";
    await sandbox.control.editPageAsPerson(pageId, { Channel: "Podcast", Name: "Moved to podcast" });
    const query = () =>
      notion.dataSources.query({
        data_source_id: seed.dataSourceId,
        filter: { property: "Name", title: { equals: "Moved to podcast" } },
      });
    expect((await query()).results).toHaveLength(0);
    const direct = await notion.pages.retrieve({ page_id: pageId });
    expect(isFullPage(direct) && direct.properties.Name).toMatchObject({
      title: [{ plain_text: "Moved to podcast" }],
    });
    await sandbox.control.advanceClock(5_000);
    expect((await query()).results.map((page) => page.id)).toEqual([pageId]);
  });

  it("changes a schema as a person would, and announces it", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const seed = await sandbox.control.seedCampaign({ rows: 1 });
    const events: string[] = [];
    sandbox.events.subscribe((event) => events.push(event.type));
    const updated = await sandbox.control.updateSchema(seed.dataSourceId, {
      Destination: { name: "Target URL" },
    });
    expect(Object.keys(updated.properties)).toContain("Target URL");
    expect(events).toEqual(["data_source.schema_updated"]);
  });

  it("resets to an empty workspace where old tokens no longer work", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const seed = await sandbox.control.seedCampaign({ rows: 1 });
    await sandbox.control.reset();
    const response = await fetch(`${sandbox.baseUrl}/v1/users/me`, {
      headers: { authorization: `Bearer ${seed.token}`, "notion-version": "2025-09-03" },
    });
    expect(response.status).toBe(401);
    expect((await sandbox.control.snapshot()).pages).toHaveLength(0);
  });
});
