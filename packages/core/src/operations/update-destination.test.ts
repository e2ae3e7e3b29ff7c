import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShortLink } from "./create-short-link";
import { type LiveServices, startLiveServices } from "./operations.fixture";
import { conflictsOnRow } from "./record-conflict";
import { updateDestination } from "./update-destination";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

async function linkedRow(destination = "https://shop.example/a") {
  return createShortLink(live.context(), live.dataSourceId, { destination, title: "Spring sale" });
}

describe("updateDestination", () => {
  it("applies a write made outside Notion to the link and to Destination, Synced Destination and Last Synced", async () => {
    const ctx = live.context();
    const { row, link } = await linkedRow();
    const result = await updateDestination(ctx, { pageId: row.pageId }, "https://shop.example/b", "zapier");
    expect(result).toEqual({
      status: "applied",
      pageId: row.pageId,
      linkId: link.id,
      destination: "https://shop.example/b",
    });
    expect(await ctx.provider.get(link.id)).toMatchObject({
      destination: "https://shop.example/b",
      updatedBy: "zapier",
    });
    const page = await live.sandbox.control.snapshot();
    const stored = page.pages.find((p) => p.id === row.pageId);
    expect(stored).toBeDefined();
    const after = await ctx.notion.retrievePage(row.pageId);
    expect(after.properties.Destination).toMatchObject({ url: "https://shop.example/b" });
    expect(after.properties["Synced Destination"]).toMatchObject({ url: "https://shop.example/b" });
    expect(after.properties["Last Synced"]).toMatchObject({ date: { start: expect.any(String) } });
  });

  it("finds the row from its link id", async () => {
    const { row, link } = await linkedRow();
    const result = await updateDestination(
      live.context(),
      { linkId: link.id },
      "https://shop.example/c",
      "desktop",
    );
    expect(result).toMatchObject({
      status: "applied",
      pageId: row.pageId,
      destination: "https://shop.example/c",
    });
  });

  it("writes nothing when the URL is already everywhere", async () => {
    const ctx = live.context();
    const { row, link } = await linkedRow();
    const before = await ctx.provider.get(link.id);
    const result = await updateDestination(ctx, { pageId: row.pageId }, "https://shop.example/a", "zapier");
    expect(result.status).toBe("unchanged");
    expect((await ctx.provider.get(link.id))?.version).toBe(before?.version);
  });

  it("lets Notion win when Destination changed in Notion since the last sync: link reset, one comment, Conflict At", async () => {
    const ctx = live.context();
    const { row, link } = await linkedRow();
    await live.sandbox.control.editPageAsPerson(row.pageId, { Destination: "https://shop.example/notion" });

    const result = await updateDestination(ctx, { pageId: row.pageId }, "https://shop.example/zap", "zapier");

    expect(result).toMatchObject({
      status: "conflict",
      kept: "https://shop.example/notion",
      dropped: "https://shop.example/zap",
      firstReport: true,
      conflict: {
        pageId: row.pageId,
        linkId: link.id,
        databaseId: live.dataSourceId,
        kept: "https://shop.example/notion",
        dropped: "https://shop.example/zap",
        droppedSource: "zapier",
        winner: "notion",
      },
    });
    expect(await ctx.provider.get(link.id)).toMatchObject({ destination: "https://shop.example/notion" });
    const comments = await conflictsOnRow(ctx, row.pageId);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.conflictId).toBe(result.status === "conflict" ? result.conflict.conflictId : "");
    const after = await ctx.notion.retrievePage(row.pageId);
    expect(after.properties.Destination).toMatchObject({ url: "https://shop.example/notion" });
    expect(after.properties["Synced Destination"]).toMatchObject({ url: "https://shop.example/notion" });
    expect(after.properties["Conflict At"]).toMatchObject({ date: { start: expect.any(String) } });
  });

  it("reports a conflict it records first to the link provider, once, for instant triggers", async () => {
    const ctx = live.context();
    const { row } = await linkedRow();
    await live.sandbox.control.editPageAsPerson(row.pageId, { Destination: "https://shop.example/notion" });

    const result = await updateDestination(ctx, { pageId: row.pageId }, "https://shop.example/zap", "zapier");

    const response = await fetch(`${live.shortener.url}/api/events?type=conflict`, {
      headers: { authorization: `Bearer ${live.shortener.apiKey}` },
    });
    const { events } = (await response.json()) as { events: { data: unknown }[] };
    expect(events.map((event) => event.data)).toEqual([result.status === "conflict" && result.conflict]);
  });

  it("refuses a URL that is not http(s) and writes nothing", async () => {
    const ctx = live.context();
    const { row, link } = await linkedRow();
    await expect(
      updateDestination(ctx, { pageId: row.pageId }, "data:text/html,hi", "zapier"),
    ).rejects.toMatchObject({
      name: "OperationError",
      code: "invalid_destination",
    });
    expect(await ctx.provider.get(link.id)).toMatchObject({ destination: "https://shop.example/a" });
  });

  it("says the row has no link yet when it has none", async () => {
    const ctx = live.context();
    const page = await ctx.notion.createPage({
      parent: { type: "data_source_id", data_source_id: live.dataSourceId },
      properties: { Name: { title: [{ type: "text", text: { content: "No link" } }] } },
    });
    await expect(
      updateDestination(ctx, { pageId: page.id }, "https://shop.example/x", "zapier"),
    ).rejects.toMatchObject({ code: "row_not_linked" });
  });

  it("says a link id is unknown", async () => {
    await expect(
      updateDestination(live.context(), { linkId: "lnk_missing" }, "https://shop.example/x", "zapier"),
    ).rejects.toMatchObject({ code: "link_not_found" });
  });
});
