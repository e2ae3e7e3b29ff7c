import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShortLink } from "./create-short-link";
import { findLinks } from "./link-queries";
import { type LiveServices, startLiveServices } from "./operations.fixture";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

describe("createShortLink", () => {
  it("creates the row and its link, and writes Short URL, Link ID, Synced Destination and Last Synced", async () => {
    const ctx = live.context();
    const created = await createShortLink(ctx, live.dataSourceId, {
      destination: "https://shop.example/spring",
      title: "Spring sale",
      tags: ["spring", "sale"],
      source: "zapier",
    });
    expect(created.outcome).toBe("created");
    expect(created.row).toMatchObject({
      title: "Spring sale",
      destination: "https://shop.example/spring",
      tags: ["spring", "sale"],
      shortUrl: created.link.shortUrl,
      linkId: created.link.id,
      syncedDestination: "https://shop.example/spring",
    });
    expect(created.row.lastSynced).not.toBeNull();
    const link = await ctx.provider.get(created.link.id);
    expect(link).toMatchObject({
      destination: "https://shop.example/spring",
      externalId: `notion-page:${created.row.pageId}`,
      tags: ["spring", "sale"],
    });
  });

  it("returns the same row and link when retried, without a second row or link", async () => {
    const input = { destination: "https://shop.example/retry", title: "Retry me" };
    const first = await createShortLink(live.context(), live.dataSourceId, input);
    const retry = await createShortLink(live.context(), live.dataSourceId, input);
    expect(retry.outcome).toBe("existing");
    expect(retry.row.pageId).toBe(first.row.pageId);
    expect(retry.link.id).toBe(first.link.id);
    expect(await live.rowCount()).toBe(1);
  });

  it("finishes a retry that stopped after minting, reusing the row and the link", async () => {
    const ctx = live.context();
    const first = await createShortLink(ctx, live.dataSourceId, {
      destination: "https://shop.example/half",
      title: "Half done",
    });
    // As if the first attempt died before writing the row: the link exists, the row does not know it.
    await live.sandbox.control.editPageAsPerson(first.row.pageId, { "Link ID": null, "Short URL": null });
    const retry = await createShortLink(ctx, live.dataSourceId, {
      destination: "https://shop.example/half",
      title: "Half done",
    });
    expect(retry).toMatchObject({
      outcome: "minted",
      row: { pageId: first.row.pageId, linkId: first.link.id },
    });
    expect(await live.rowCount()).toBe(1);
  });

  it("mints for a row typed in Notion with the same destination and no link yet", async () => {
    const ctx = live.context();
    const typed = await ctx.notion.createPage({
      parent: { type: "data_source_id", data_source_id: live.dataSourceId },
      properties: {
        Name: { title: [{ type: "text", text: { content: "Typed by hand" } }] },
        Destination: { url: "https://shop.example/typed" },
      },
    });
    const result = await createShortLink(ctx, live.dataSourceId, {
      destination: "https://shop.example/typed",
      title: "From a Zap",
    });
    expect(result).toMatchObject({ outcome: "minted", row: { pageId: typed.id, title: "Typed by hand" } });
    expect(await live.rowCount()).toBe(1);
  });

  it("uses a custom slug", async () => {
    const created = await createShortLink(live.context(), live.dataSourceId, {
      destination: "https://shop.example/slug",
      title: "Slugged",
      slug: "spring-26",
    });
    expect(created.link.shortUrl).toBe(`${live.shortener.brandedBaseUrl}/spring-26`);
  });

  it("refuses a javascript: destination before writing anything", async () => {
    await expect(
      createShortLink(live.context(), live.dataSourceId, {
        destination: "javascript:alert(1)",
        title: "Bad",
      }),
    ).rejects.toMatchObject({ name: "OperationError", code: "invalid_destination" });
    expect(await live.rowCount()).toBe(0);
  });

  it("refuses a database that is not set up for Linksync, naming the missing column", async () => {
    const seeded = await live.sandbox.control.seedWorkspace({
      databases: [{ title: "Plain", properties: { Name: { title: {} }, Destination: { url: {} } } }],
    });
    const ctx = live.context();
    await expect(
      createShortLink(ctx, seeded.databases.Plain!.dataSourceId, {
        destination: "https://shop.example/x",
        title: "X",
      }),
    ).rejects.toMatchObject({ code: "database_not_mapped", message: expect.stringContaining("Short URL") });
    expect(await findLinks(ctx, live.dataSourceId, { title: "X" })).toEqual([]);
  });
});

describe("createShortLink while Notion's query index lags its writes", () => {
  /** Longer than the test: no query sees a row created here. */
  const LAG_MS = 10 * 60_000;
  const input = { destination: "https://shop.example/lag", title: "Lagging" };

  async function liveRows() {
    const snapshot = await live.sandbox.control.snapshot();
    return snapshot.pages.filter((p) => p.parent.type === "data_source" && !p.state.inTrash);
  }
  async function linkCount(): Promise<number> {
    return (await live.context().provider.changesSince(null)).links.length;
  }

  it("answers a retried request with the first row and link, found through the link's request key", async () => {
    await live.sandbox.control.setVisibilityDelay(LAG_MS);
    const first = await createShortLink(live.context(), live.dataSourceId, input);
    const retry = await createShortLink(live.context(), live.dataSourceId, input);
    expect(retry).toMatchObject({
      outcome: "existing",
      row: { pageId: first.row.pageId },
      link: { id: first.link.id },
    });
    // Not even a row created and trashed again: the retry wrote nothing.
    expect(await live.rowCount()).toBe(1);
    expect(await linkCount()).toBe(1);
    // The lag is real: Notion's query does not list the row yet.
    const listed = await findLinks(live.context(), live.dataSourceId, { destination: input.destination });
    expect(listed).toEqual([]);
  });

  it("finishes a retry whose first attempt minted the link but never wrote it on the row", async () => {
    await live.sandbox.control.setVisibilityDelay(LAG_MS);
    const first = await createShortLink(live.context(), live.dataSourceId, input);
    await live.sandbox.control.editPageAsPerson(first.row.pageId, { "Link ID": null, "Short URL": null });
    const retry = await createShortLink(live.context(), live.dataSourceId, input);
    expect(retry).toMatchObject({
      outcome: "minted",
      row: { pageId: first.row.pageId, linkId: first.link.id, shortUrl: first.link.shortUrl },
    });
    expect(await live.rowCount()).toBe(1);
    expect(await linkCount()).toBe(1);
  });

  it("keeps one row and one link when two attempts of one request run at once", async () => {
    await live.sandbox.control.setVisibilityDelay(LAG_MS);
    const [a, b] = await Promise.all([
      createShortLink(live.context(), live.dataSourceId, input),
      createShortLink(live.context(), live.dataSourceId, input),
    ]);
    expect(a.link.id).toBe(b.link.id);
    expect(a.row.pageId).toBe(b.row.pageId);
    // The attempt that lost the race trashed the row it had created.
    const rows = await liveRows();
    expect(rows.map((row) => row.id)).toEqual([a.row.pageId]);
    expect(await linkCount()).toBe(1);
  });

  it("passes the request on to a new row when its row was trashed, and a retry of that finds the new row", async () => {
    await live.sandbox.control.setVisibilityDelay(LAG_MS);
    const first = await createShortLink(live.context(), live.dataSourceId, input);
    await live.sandbox.control.editPageAsPerson(first.row.pageId, {}, { inTrash: true });
    const again = await createShortLink(live.context(), live.dataSourceId, input);
    expect(again.outcome).toBe("created");
    expect(again.row.pageId).not.toBe(first.row.pageId);
    const retry = await createShortLink(live.context(), live.dataSourceId, input);
    expect(retry).toMatchObject({
      outcome: "existing",
      row: { pageId: again.row.pageId },
      link: { id: again.link.id },
    });
    expect((await liveRows()).map((row) => row.id)).toEqual([again.row.pageId]);
    expect(await live.rowCount()).toBe(2);
    expect(await linkCount()).toBe(2);
  });
});
