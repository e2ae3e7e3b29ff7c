import { APIErrorCode, APIResponseError, type Client, isFullPage } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../sandbox";
import { sandboxWithClient } from "../testing/sdk-sandbox";

let sandbox: RunningSandbox;
let notion: Client;
let dataSourceId: string;

beforeAll(async () => {
  ({ sandbox, notion } = await sandboxWithClient());
  const parent = await notion.pages.create({
    parent: { workspace: true },
    properties: { title: { title: [{ text: { content: "Home" } }] } },
  });
  const database = await notion.databases.create({
    parent: { type: "page_id", page_id: parent.id },
    title: [{ text: { content: "Links" } }],
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Destination: { url: {} },
        Status: { status: {} },
        Tags: { multi_select: { options: [{ name: "promo" }] } },
      },
    },
  });
  dataSourceId = "data_sources" in database ? (database.data_sources[0]?.id ?? "") : "";
});

afterAll(() => sandbox.close());

async function expectApiError(
  promise: Promise<unknown>,
  code: APIErrorCode,
  status: number,
): Promise<APIResponseError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(APIResponseError);
  const apiError = error as APIResponseError;
  expect({ code: apiError.code, status: apiError.status }).toEqual({ code, status });
  return apiError;
}

describe("pages", () => {
  it("creates a page in a data source and reads it back with every value", async () => {
    const created = await notion.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: {
        Name: { title: [{ text: { content: "Spring sale" } }] },
        Destination: { url: "https://shop.example.com/spring" },
        Tags: { multi_select: [{ name: "promo" }, { name: "new-tag" }] },
      },
    });
    const page = await notion.pages.retrieve({ page_id: created.id });
    if (!isFullPage(page)) throw new Error("expected a full page");
    expect(page.parent).toMatchObject({ type: "data_source_id", data_source_id: dataSourceId });
    expect(page.properties.Destination).toMatchObject({
      type: "url",
      url: "https://shop.example.com/spring",
    });
    const tags = page.properties.Tags;
    expect(tags?.type === "multi_select" && tags.multi_select.map((tag) => tag.name)).toEqual([
      "promo",
      "new-tag",
    ]);
    expect(page.last_edited_time).toMatch(/:00\.000Z$/);
  });

  it("retrieves single property items and paginated title items", async () => {
    const created = await notion.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: {
        Name: { title: [{ text: { content: "One " } }, { text: { content: "Two" } }] },
        Destination: { url: "https://a.example" },
      },
    });
    const schema = await notion.dataSources.retrieve({ data_source_id: dataSourceId });
    const destinationId = "properties" in schema ? (schema.properties.Destination?.id ?? "") : "";
    const url = await notion.pages.properties.retrieve({ page_id: created.id, property_id: destinationId });
    expect(url).toMatchObject({ object: "property_item", type: "url", url: "https://a.example" });
    const title = await notion.pages.properties.retrieve({
      page_id: created.id,
      property_id: "title",
      page_size: 1,
    });
    expect(title).toMatchObject({
      object: "list",
      has_more: true,
      results: [{ type: "title", title: { plain_text: "One " } }],
    });
  });

  it("accepts any non-empty string in a url property, as Notion does", async () => {
    const page = await notion.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: {
        Name: { title: [{ text: { content: "odd" } }] },
        Destination: { url: "javascript:alert(1)" },
      },
    });
    expect(isFullPage(page) && page.properties.Destination).toMatchObject({ url: "javascript:alert(1)" });
  });

  it("refuses a wrong value type, an over-long rich text and an unknown status with validation_error", async () => {
    const parent = { data_source_id: dataSourceId };
    const wrongType = await expectApiError(
      notion.pages.create({ parent, properties: { Destination: { url: 42 as unknown as string } } }),
      APIErrorCode.ValidationError,
      400,
    );
    expect(wrongType.message).toContain("body.properties.Destination.url");
    await expectApiError(
      notion.pages.create({
        parent,
        properties: { Name: { title: [{ text: { content: "x".repeat(2001) } }] } },
      }),
      APIErrorCode.ValidationError,
      400,
    );
    await expectApiError(
      notion.pages.create({ parent, properties: { Status: { status: { name: "Shipped" } } } }),
      APIErrorCode.ValidationError,
      400,
    );
    await expectApiError(
      notion.pages.create({ parent, properties: { Nope: { url: "https://a.example" } } }),
      APIErrorCode.ValidationError,
      400,
    );
  });

  it("refuses a non-http(s) url value when started with urlPolicy http", async () => {
    const strict = await sandboxWithClient({ urlPolicy: "http" });
    try {
      const created = await strict.notion.databases.create({
        parent: { type: "workspace", workspace: true },
        initial_data_source: { properties: { Name: { title: {} }, Destination: { url: {} } } },
      });
      const id = "data_sources" in created ? (created.data_sources[0]?.id ?? "") : "";
      await expectApiError(
        strict.notion.pages.create({
          parent: { data_source_id: id },
          properties: { Destination: { url: "ftp://x" } },
        }),
        APIErrorCode.ValidationError,
        400,
      );
    } finally {
      await strict.sandbox.close();
    }
  });

  it("moves a page to the trash and back", async () => {
    const page = await notion.pages.create({ parent: { data_source_id: dataSourceId }, properties: {} });
    const trashed = await notion.pages.update({ page_id: page.id, in_trash: true });
    expect(isFullPage(trashed) && trashed.in_trash).toBe(true);
    const restored = await notion.pages.update({ page_id: page.id, in_trash: false });
    expect(isFullPage(restored) && restored.in_trash).toBe(false);
  });

  it("answers object_not_found for an unknown page, naming the integration", async () => {
    const error = await expectApiError(
      notion.pages.retrieve({ page_id: "7855b161-f63e-4683-b7c7-8ca6e97ee266" }),
      APIErrorCode.ObjectNotFound,
      404,
    );
    expect(error.message).toContain(
      "Make sure the relevant pages and databases are shared with your integration",
    );
  });

  it("answers a malformed id with a path validation_error", async () => {
    const response = await fetch(`${sandbox.baseUrl}/v1/pages/not-a-uuid`, {
      headers: { authorization: "Bearer whatever", "notion-version": "2025-09-03" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ object: "error", code: "validation_error" });
  });
});
