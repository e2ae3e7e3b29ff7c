import { type Client, collectPaginatedAPI, isFullPage, type PageObjectResponse } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../sandbox";
import { startSandbox } from "../sandbox";
import type { CampaignSeed } from "../seed/campaign";
import { sdkClient } from "../testing/sdk-sandbox";

let sandbox: RunningSandbox;
let notion: Client;
let seed: CampaignSeed;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false, queryResultCap: 150 });
  seed = await sandbox.control.seedCampaign();
  notion = sdkClient(sandbox, seed.token);
});

afterAll(() => sandbox.close());

function titles(pages: readonly PageObjectResponse[]): string[] {
  return pages.map((page) => {
    const name = page.properties.Name;
    return name?.type === "title" ? name.title.map((item) => item.plain_text).join("") : "";
  });
}

async function queryAll(filter: Parameters<Client["dataSources"]["query"]>[0]["filter"]) {
  const results = await collectPaginatedAPI(notion.dataSources.query, {
    data_source_id: seed.dataSourceId,
    filter,
  });
  return results.filter(isFullPage);
}

describe("data source query", () => {
  it("filters by select, multi_select, url emptiness and text, matching the seeded rows", async () => {
    const drafts = await queryAll({ property: "Sync", select: { equals: "Draft" } });
    expect(drafts.length).toBe(seed.rows.filter((row) => row.sync === "Draft").length);
    const sale = await queryAll({ property: "Tags", multi_select: { contains: "sale" } });
    expect(sale.length).toBe(seed.rows.filter((row) => row.tags.includes("sale")).length);
    const withShortUrl = await queryAll({ property: "Short URL", url: { is_not_empty: true } });
    expect(withShortUrl.length).toBe(seed.rows.filter((row) => row.shortUrl !== null).length);
    const utm = await queryAll({ property: "Destination", url: { contains: "utm_source=" } });
    expect(utm.length).toBe(seed.rows.filter((row) => row.destination?.includes("utm_source=")).length);
  });

  it("combines and/or filters", async () => {
    const liveEmail = await queryAll({
      and: [
        { property: "Sync", select: { equals: "Live" } },
        {
          or: [
            { property: "Channel", select: { equals: "Email" } },
            { property: "Channel", select: { equals: "Blog" } },
          ],
        },
      ],
    });
    const expected = seed.rows.filter(
      (row) => row.sync === "Live" && (row.channel === "Email" || row.channel === "Blog"),
    );
    expect(liveEmail.length).toBe(expected.length);
  });

  it("sorts by title and pages with start_cursor / page_size", async () => {
    const first = await notion.dataSources.query({
      data_source_id: seed.dataSourceId,
      sorts: [{ property: "Name", direction: "descending" }],
      page_size: 7,
    });
    expect(first.results).toHaveLength(7);
    expect(first.has_more).toBe(true);
    const second = await notion.dataSources.query({
      data_source_id: seed.dataSourceId,
      sorts: [{ property: "Name", direction: "descending" }],
      page_size: 7,
      start_cursor: first.next_cursor ?? undefined,
    });
    const names = titles([...first.results, ...second.results].filter(isFullPage));
    expect(names).toEqual([...names].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
    expect(new Set(names).size).toBe(14);
  });

  it("limits returned properties with filter_properties", async () => {
    const response = await notion.dataSources.query({
      data_source_id: seed.dataSourceId,
      filter_properties: ["title"],
      page_size: 1,
    });
    const page = response.results[0];
    expect(page && isFullPage(page) && Object.keys(page.properties)).toEqual(["Name"]);
  });

  it("stops at the result cap and says so in request_status", async () => {
    const first = await notion.dataSources.query({ data_source_id: seed.dataSourceId, page_size: 100 });
    expect(first.request_status).toBeUndefined();
    const second = await notion.dataSources.query({
      data_source_id: seed.dataSourceId,
      page_size: 100,
      start_cursor: first.next_cursor ?? undefined,
    });
    expect(second.results).toHaveLength(50);
    expect(second.has_more).toBe(false);
    expect(second.request_status).toEqual({
      type: "incomplete",
      incomplete_reason: "query_result_limit_reached",
    });
  });
});

describe("data source schema", () => {
  it("adds, renames, retypes and deletes properties", async () => {
    const { dataSourceId } = await sandbox.control
      .seedWorkspace({
        databases: [
          {
            title: "Scratch",
            properties: { Name: { title: {} }, Notes: { rich_text: {} }, Old: { number: {} } },
          },
        ],
      })
      .then((result) => result.databases.Scratch ?? { dataSourceId: "" });
    const updated = await notion.dataSources.update({
      data_source_id: dataSourceId,
      properties: {
        Clicks: { number: { format: "number" } },
        Notes: { name: "Comments" },
        Old: { checkbox: {} },
      },
    });
    const props = "properties" in updated ? updated.properties : {};
    expect(props.Clicks?.type).toBe("number");
    expect(props.Comments?.type).toBe("rich_text");
    expect(props.Notes).toBeUndefined();
    expect(props.Old?.type).toBe("checkbox");
    const afterDelete = await notion.dataSources.update({
      data_source_id: dataSourceId,
      properties: { Old: null },
    });
    expect("properties" in afterDelete && Object.keys(afterDelete.properties).sort()).toEqual([
      "Clicks",
      "Comments",
      "Name",
    ]);
  });
});
