import { readFileSync } from "node:fs";
import { type Client, isFullComment, isFullPage } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../sandbox";
import { startSandbox } from "../sandbox";
import { sdkClient } from "../testing/sdk-sandbox";
import { shapeDifferences } from "./shape";

/** Real Notion responses (Notion-Version 2025-09-03), copied from ../shared/notion-fixtures; see recorded/SOURCES.md. */
function recorded(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./recorded/${name}.json`, import.meta.url), "utf8"));
}

type Named = Record<string, { type: string }>;

/** Compares an object whose `properties` map is keyed by user-chosen names: entries are paired by type. */
function differencesWithProperties(expected: Record<string, unknown>, actual: object): string[] {
  const { properties: expectedProperties, ...expectedRest } = expected as { properties: Named };
  const { properties: actualProperties, ...actualRest } = actual as { properties: Named };
  const expectedByType = new Map(
    Object.values(expectedProperties).map((property) => [property.type, property]),
  );
  const differences = shapeDifferences(expectedRest, actualRest);
  for (const [name, property] of Object.entries(actualProperties)) {
    const counterpart = expectedByType.get(property.type);
    if (counterpart === undefined)
      differences.push(`properties.${name}: type ${property.type} is not in the recording`);
    else differences.push(...shapeDifferences(counterpart, property, `$.properties.${name}`));
  }
  return differences;
}

function withStatusValue(page: Record<string, unknown>): Record<string, unknown> {
  // The all-types page recording has no status value; the query recording of the same database does.
  const query = recorded("v2025-09-03__data-source-query__status-unique_id-rollup-formula") as {
    results: { properties: Named }[];
  };
  const status = Object.values(query.results[0]?.properties ?? {}).find(
    (property) => property.type === "status",
  );
  return { ...page, properties: { ...(page.properties as Named), Status: status } };
}

const ALL_TYPES = {
  Title: { title: {} },
  Text: { rich_text: {} },
  Number: { number: { format: "dollar" } },
  Select: { select: { options: [{ name: "Option1" }, { name: "Option2", color: "red" }] } },
  "Multi-select": { multi_select: { options: [{ name: "Option1" }] } },
  Status: { status: {} },
  Date: { date: {} },
  People: { people: {} },
  Files: { files: {} },
  Checkbox: { checkbox: {} },
  URL: { url: {} },
  Email: { email: {} },
  "Phone number": { phone_number: {} },
  "Created by": { created_by: {} },
  "Created time": { created_time: {} },
  "Last edited by": { last_edited_by: {} },
  "Last edited time": { last_edited_time: {} },
};

let sandbox: RunningSandbox;
let notion: Client;
let dataSourceId: string;
let schemaDataSourceId: string;
let queryDataSourceId: string;
let pageId: string;
let personId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  const seed = await sandbox.control.seedWorkspace({
    people: [{ name: "Ada Lovelace", email: "ada@example.com" }],
    databases: [
      {
        title: "All Properties DB",
        properties: { ...ALL_TYPES, ID: { unique_id: { prefix: "ALLCOLS" } } },
      },
      // Recorded schemas leave the unique id prefix unset; recorded values carry one.
      { title: "Schema DB", properties: { ...ALL_TYPES, ID: { unique_id: {} } } },
      // The recorded query pages come from a database whose only property is "Name".
      {
        title: "Query DB",
        properties: { Name: { title: {} } },
        rows: [{ Name: "Page 1" }, { Name: "Page 2" }, { Name: "Page 3" }],
      },
    ],
  });
  notion = sdkClient(sandbox, seed.token);
  dataSourceId = seed.databases["All Properties DB"]?.dataSourceId ?? "";
  schemaDataSourceId = seed.databases["Schema DB"]?.dataSourceId ?? "";
  queryDataSourceId = seed.databases["Query DB"]?.dataSourceId ?? "";
  personId = seed.personIds["Ada Lovelace"] ?? "";
  const page = await notion.pages.create({
    parent: { data_source_id: dataSourceId },
    properties: {
      Title: { title: [{ text: { content: "Title" } }] },
      Text: { rich_text: [{ text: { content: "Text" } }] },
      Number: { number: 42 },
      Select: { select: { name: "Option1" } },
      "Multi-select": { multi_select: [{ name: "Option1" }] },
      Status: { status: { name: "Not started" } },
      Date: { date: { start: "2021-01-01" } },
      People: { people: [{ id: personId }] },
      Files: { files: [{ name: "My File", external: { url: "https://www.google.de/robots.txt" } }] },
      Checkbox: { checkbox: true },
      URL: { url: "https://ultimate-notion.com/" },
      Email: { email: "email@provider.com" },
      "Phone number": { phone_number: "+1 234 567 890" },
    },
  });
  pageId = page.id;
});

afterAll(() => sandbox.close());

describe("the sandbox answers in the shapes Notion recorded", () => {
  it("page create response, every supported property type", async () => {
    const created = await notion.pages.retrieve({ page_id: pageId });
    const expected = withStatusValue(recorded("v2025-09-03__page__create-response__all-property-types"));
    expect(differencesWithProperties(expected, created)).toEqual([]);
  });

  it("data source retrieve, every supported property config", async () => {
    const dataSource = await notion.dataSources.retrieve({ data_source_id: schemaDataSourceId });
    const expected = recorded("v2025-09-03__data-source__retrieve__all-property-types-schema");
    expect(differencesWithProperties(expected, dataSource)).toEqual([]);
  });

  it("database retrieve with its data_sources array", async () => {
    const dataSource = await notion.dataSources.retrieve({ data_source_id: dataSourceId });
    const databaseId =
      "parent" in dataSource && "database_id" in dataSource.parent ? dataSource.parent.database_id : "";
    const database = await notion.databases.retrieve({ database_id: databaseId });
    expect(
      shapeDifferences(recorded("v2025-09-03__database__retrieve__data_sources-array"), database),
    ).toEqual([]);
  });

  it("data source query pages, with and without more results", async () => {
    const first = await notion.dataSources.query({ data_source_id: queryDataSourceId, page_size: 2 });
    const last = await notion.dataSources.query({
      data_source_id: queryDataSourceId,
      page_size: 2,
      start_cursor: first.next_cursor ?? undefined,
    });
    expect([first.has_more, last.has_more]).toEqual([true, false]);
    expect(shapeDifferences(recorded("v2025-09-03__data-source-query__page1__has_more-true"), first)).toEqual(
      [],
    );
    expect(shapeDifferences(recorded("v2025-09-03__data-source-query__page2__has_more-false"), last)).toEqual(
      [],
    );
  });

  it("users/me for the integration's bot", async () => {
    expect(shapeDifferences(recorded("v2025-09-03__user__me__bot"), await notion.users.me({}))).toEqual([]);
  });

  it("comment create and list", async () => {
    const comment = await notion.comments.create({
      parent: { page_id: pageId },
      rich_text: [{ text: { content: "This is a test comment." } }],
    });
    if (!isFullComment(comment)) throw new Error("expected a full comment");
    await notion.comments.create({
      discussion_id: comment.discussion_id,
      rich_text: [{ text: { content: "Reply" } }],
    });
    expect(shapeDifferences(recorded("v2025-09-03__comment__create-response"), comment)).toEqual([]);
    const list = await notion.comments.list({ block_id: pageId });
    expect(shapeDifferences(recorded("v2025-09-03__comments-list__one-discussion"), list)).toEqual([]);
  });

  it("file upload create (pending), send (uploaded), list, and the hosted file value", async () => {
    const pending = await notion.fileUploads.create({
      mode: "single_part",
      filename: "test_file.txt",
      content_type: "text/plain",
    });
    expect(shapeDifferences(recorded("v2025-09-03__file-upload__create__pending"), pending)).toEqual([]);
    const extra = await notion.fileUploads.create({ filename: "other.txt", content_type: "text/plain" });
    const list = await notion.fileUploads.list({ page_size: 1 });
    expect(list.results[0]?.id).toBe(extra.id);
    expect(
      shapeDifferences(recorded("v2025-09-03__file-uploads-list__page_size-5__has_more-true"), list),
    ).toEqual([]);
    const uploaded = await notion.fileUploads.send({
      file_upload_id: pending.id,
      file: {
        filename: "test_file.txt",
        data: new Blob(["twenty-five bytes of text"], { type: "text/plain" }),
      },
    });
    expect(shapeDifferences(recorded("v2025-09-03__file-upload__send__uploaded"), uploaded)).toEqual([]);
    const page = await notion.pages.update({
      page_id: pageId,
      properties: { Files: { files: [{ file_upload: { id: pending.id } }] } },
    });
    const files = isFullPage(page) ? page.properties.Files : undefined;
    const hosted = recorded("v2022-xx__property-item__files__notion-hosted-file") as { files: unknown[] };
    expect(files?.type === "files" && shapeDifferences(hosted.files, files.files)).toEqual([]);
  });

  it("errors: 401, 404 with additional_data, 400 path validation, 400 invalid URL, 429", async () => {
    const get = async (path: string, token: string) => {
      const response = await fetch(`${sandbox.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}`, "notion-version": "2025-09-03" },
      });
      return response.json();
    };
    const { token } = await sandbox.control.createIntegrationToken();
    expect(
      shapeDifferences(recorded("v2025-09-03__error__401-unauthorized"), await get("/v1/users", "ntn_bad")),
    ).toEqual([]);
    const missing = await get("/v1/pages/7855b161-f63e-4683-b7c7-8ca6e97ee266", token);
    expect(
      shapeDifferences(recorded("v2025-09-03__error__404-object_not_found__additional_data"), missing),
    ).toEqual([]);
    const badPath = await get("/v1/pages/1234", token);
    expect(
      shapeDifferences(recorded("v2025-09-03__error__400-validation_error__path-uuid"), badPath),
    ).toEqual([]);
    expect(
      shapeDifferences(
        recorded("v2025-09-03__error__400-invalid_request_url"),
        await get("/v1/invalid", token),
      ),
    ).toEqual([]);
    await sandbox.control.setFaults({ rateLimitNext: { count: 1 } });
    expect(
      shapeDifferences(recorded("issue-log__error__429-rate_limited"), await get("/v1/users/me", token)),
    ).toEqual([]);
  });
});
