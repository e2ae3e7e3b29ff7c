import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShortLink } from "./create-short-link";
import { findLinks, listRecentLinks } from "./link-queries";
import { listConflicts } from "./list-conflicts";
import { type LiveServices, startLiveServices } from "./operations.fixture";
import { withSchemaFieldMap } from "./schema-field-map";
import { updateDestination } from "./update-destination";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

/** Under 2026-12-01 a data source query without `filter_properties` answers each row's title only. */
const TITLE_ONLY_VERSION = "2026-12-01";

describe("the stateless operations under a Notion-Version whose queries return only the title", () => {
  it("find an earlier attempt's row, search links and list conflicts with every column they read", async () => {
    const ctx = await withSchemaFieldMap(
      live.context({ notionVersion: TITLE_ONLY_VERSION }),
      live.dataSourceId,
    );
    const input = { destination: "https://shop.example/v2026", title: "Version" };
    const first = await createShortLink(ctx, live.dataSourceId, input);
    // The retry finds the row by its Link ID: a title-only answer would look unlinked and get a second link.
    const retry = await createShortLink(ctx, live.dataSourceId, input);
    expect(retry).toMatchObject({ outcome: "existing", row: { pageId: first.row.pageId } });

    const found = await findLinks(ctx, live.dataSourceId, { destination: input.destination });
    expect(found).toEqual([
      expect.objectContaining({ shortUrl: first.link.shortUrl, linkId: first.link.id, problems: [] }),
    ]);
    expect(await listRecentLinks(ctx, live.dataSourceId, 5)).toEqual([
      expect.objectContaining({ destination: input.destination, shortUrl: first.link.shortUrl }),
    ]);

    await live.sandbox.control.editPageAsPerson(first.row.pageId, { Destination: "https://n.example/kept" });
    const outcome = await updateDestination(
      ctx,
      { pageId: first.row.pageId },
      "https://d.example/x",
      "zapier",
    );
    expect(outcome.status).toBe("conflict");
    const conflicts = await listConflicts(ctx, live.dataSourceId);
    expect(conflicts).toEqual([
      expect.objectContaining({ pageId: first.row.pageId, kept: "https://n.example/kept" }),
    ]);
  });
});
