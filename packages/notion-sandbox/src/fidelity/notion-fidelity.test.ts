import { APIErrorCode, APIResponseError, type Client, isFullComment, isFullPage } from "@notionhq/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../sandbox";
import type { CampaignSeed } from "../seed/campaign";
import { sdkClient } from "../testing/sdk-sandbox";

/** Where the sandbox must fail (or answer) exactly as Notion does: the behaviours sync code depends on. */

let sandbox: RunningSandbox;
let seed: CampaignSeed;
let notion: Client;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  seed = await sandbox.control.seedCampaign({ rows: 5 });
  notion = sdkClient(sandbox, seed.token);
});
afterAll(() => sandbox.close());

async function failure(promise: Promise<unknown>): Promise<APIResponseError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof APIResponseError)) throw new Error(`expected an API error, got ${String(error)}`);
  return error;
}

async function raw(
  method: string,
  path: string,
  options: { version?: string | null; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const version = options.version === undefined ? "2025-09-03" : options.version;
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${seed.token}`,
      "content-type": "application/json",
      ...(version === null ? {} : { "notion-version": version }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

function pageId(index = 0): string {
  const id = seed.pageIds[index];
  if (!id) throw new Error("seed has too few rows");
  return id;
}

describe("Notion-Version", () => {
  it("answers a missing version with missing_version and an unknown one with validation_error", async () => {
    expect((await raw("GET", "/v1/users/me", { version: null })).body).toMatchObject({
      status: 400,
      code: "missing_version",
    });
    const unknown = await raw("GET", "/v1/users/me", { version: "2024-01-01" });
    expect(unknown.body).toMatchObject({ status: 400, code: "validation_error" });
    expect(String(unknown.body.message)).toContain("Notion-Version");
    expect((await raw("GET", "/v1/users/me", { version: "2026-03-11" })).status).toBe(200);
  });

  it("drops `archived` from pages and refuses it in requests from 2026-03-11, keeps both under 2025-09-03", async () => {
    const old = await raw("GET", `/v1/pages/${pageId()}`);
    expect(old.body).toHaveProperty("archived", false);
    const modern = await raw("GET", `/v1/pages/${pageId()}`, { version: "2026-03-11" });
    expect(modern.body).not.toHaveProperty("archived");
    expect(modern.body).toHaveProperty("in_trash", false);
    const query = await raw("POST", `/v1/data_sources/${seed.dataSourceId}/query`, {
      version: "2026-03-11",
      body: { page_size: 2 },
    });
    expect((query.body.results as Record<string, unknown>[])[0]).not.toHaveProperty("archived");
    const refused = await raw("PATCH", `/v1/pages/${pageId()}`, {
      version: "2026-03-11",
      body: { archived: false },
    });
    expect(refused.body).toMatchObject({ status: 400, code: "validation_error" });
    expect((await raw("PATCH", `/v1/pages/${pageId()}`, { body: { archived: false } })).status).toBe(200);
  });

  it("under 2026-12-01 a query returns only the title unless filter_properties names more", async () => {
    const bare = await raw("POST", `/v1/data_sources/${seed.dataSourceId}/query`, {
      version: "2026-12-01",
      body: { page_size: 1 },
    });
    const first = (bare.body.results as { properties: Record<string, unknown> }[])[0];
    expect(Object.keys(first?.properties ?? {})).toEqual(["Name"]);
    const named = await raw(
      "POST",
      `/v1/data_sources/${seed.dataSourceId}/query?filter_properties=Destination&filter_properties=title`,
      { version: "2026-12-01", body: { page_size: 1 } },
    );
    const row = (named.body.results as { properties: Record<string, unknown> }[])[0];
    expect(Object.keys(row?.properties ?? {}).sort()).toEqual(["Destination", "Name"]);
    const older = await raw("POST", `/v1/data_sources/${seed.dataSourceId}/query`, {
      body: { page_size: 1 },
    });
    expect(
      Object.keys((older.body.results as { properties: object }[])[0]?.properties ?? {}).length,
    ).toBeGreaterThan(1);
  });
});

describe("Search under 2026-12-01", () => {
  it("returns pages with only the title unless filter_properties names more", async () => {
    const body = { filter: { property: "object", value: "page" }, page_size: 100 };
    const propertiesOf = (answer: { body: Record<string, unknown> }) =>
      (answer.body.results as { parent: { type: string }; properties: object }[])
        .filter((result) => result.parent.type === "data_source_id")
        .map((result) => Object.keys(result.properties).sort());
    const bare = propertiesOf(await raw("POST", "/v1/search", { version: "2026-12-01", body }));
    expect(bare.length).toBeGreaterThan(0);
    expect(bare.every((keys) => keys.join() === "Name")).toBe(true);
    const named = propertiesOf(
      await raw("POST", "/v1/search?filter_properties=Destination", { version: "2026-12-01", body }),
    );
    expect(named.every((keys) => keys.join() === "Destination,Name")).toBe(true);
    const older = propertiesOf(await raw("POST", "/v1/search", { version: "2026-03-11", body }));
    expect(older.every((keys) => keys.length > 2)).toBe(true);
  });
});

describe("request validation", () => {
  it("answers unknown body fields with validation_error instead of ignoring them", async () => {
    // The SDK drops fields it does not know, so this one goes over raw HTTP, as a hand-written client would send it.
    const update = await raw("PATCH", `/v1/pages/${pageId()}`, { body: { properties: {}, colour: "red" } });
    expect(update.body).toMatchObject({ status: 400, code: "validation_error" });
    expect(String(update.body.message)).toContain("body.colour should be not present");
    const query = await raw("POST", `/v1/data_sources/${seed.dataSourceId}/query`, {
      body: { filter_property: "Name" },
    });
    expect(query.body).toMatchObject({ status: 400, code: "validation_error" });
    const unmodelled = await failure(
      notion.pages.create({
        parent: { data_source_id: seed.dataSourceId },
        properties: {},
        icon: { type: "emoji", emoji: "🔗" },
      }),
    );
    expect(unmodelled.message).toContain("body.icon");
  });

  it("takes at most 100 options in one multi_select value", async () => {
    const tags = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `t${i}` }));
    await notion.pages.update({ page_id: pageId(), properties: { Tags: { multi_select: tags(100) } } });
    const error = await failure(
      notion.pages.update({ page_id: pageId(), properties: { Tags: { multi_select: tags(101) } } }),
    );
    expect(error.code).toBe(APIErrorCode.ValidationError);
    expect(error.message).toContain("multi_select.length should be ≤ `100`");
  });

  it("honours filter_properties on page retrieve, create and update, and refuses an unknown property", async () => {
    const page = await notion.pages.retrieve({ page_id: pageId(), filter_properties: ["Destination"] });
    if (!isFullPage(page)) throw new Error("expected a full page");
    expect(Object.keys(page.properties)).toEqual(["Destination"]);
    const updated = await notion.pages.update({
      page_id: pageId(),
      properties: { Channel: { select: { name: "Blog" } } },
      filter_properties: ["Channel"],
    });
    expect(isFullPage(updated) && Object.keys(updated.properties)).toEqual(["Channel"]);
    const error = await failure(notion.pages.retrieve({ page_id: pageId(), filter_properties: ["Nope"] }));
    expect(error.code).toBe(APIErrorCode.ValidationError);
  });
});

describe("trashed pages", () => {
  it("refuses edits to a trashed page with Notion's error until it is restored", async () => {
    const id = pageId(1);
    await sandbox.control.editPageAsPerson(id, {}, { inTrash: true });
    const error = await failure(
      notion.pages.update({ page_id: id, properties: { Destination: { url: "https://a.example" } } }),
    );
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({
      status: 400,
      code: APIErrorCode.ValidationError,
      message: "Can't edit block that is archived. You must unarchive the block before editing.",
    });
    await expect(
      notion.blocks.children.append({
        block_id: id,
        children: [{ paragraph: { rich_text: [{ text: { content: "x" } }] } }],
      }),
    ).rejects.toThrow("Can't edit block that is archived");
    const restored = await notion.pages.update({
      page_id: id,
      in_trash: false,
      properties: { Destination: { url: "https://a.example" } },
    });
    expect(isFullPage(restored) && restored.in_trash).toBe(false);
  });
});

describe("comments", () => {
  it("leaves resolved discussions out of the listing, and a reply reopens one", async () => {
    const id = pageId(2);
    const first = await notion.comments.create({
      parent: { page_id: id },
      rich_text: [{ text: { content: "open" } }],
    });
    const second = await notion.comments.create({
      parent: { page_id: id },
      rich_text: [{ text: { content: "to resolve" } }],
    });
    if (!isFullComment(second)) throw new Error("expected a full comment");
    await sandbox.control.resolveDiscussion(second.discussion_id);
    const listed = await notion.comments.list({ block_id: id });
    expect(listed.results.map((comment) => comment.id)).toEqual([first.id]);
    await notion.comments.create({
      discussion_id: second.discussion_id,
      rich_text: [{ text: { content: "reply" } }],
    });
    expect((await notion.comments.list({ block_id: id })).results).toHaveLength(3);
  });

  it("attaches uploaded files to a comment and names them by category", async () => {
    const upload = await notion.fileUploads.create({ filename: "qr.png", content_type: "image/png" });
    await notion.fileUploads.send({
      file_upload_id: upload.id,
      file: {
        filename: "qr.png",
        data: new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }),
      },
    });
    const comment = await notion.comments.create({
      parent: { page_id: pageId(3) },
      rich_text: [{ text: { content: "see attached" } }],
      attachments: [{ file_upload_id: upload.id }],
    });
    if (!isFullComment(comment)) throw new Error("expected a full comment");
    expect(comment.attachments).toEqual([
      {
        category: "image",
        file: { url: expect.stringContaining(upload.id), expiry_time: expect.any(String) },
      },
    ]);
    const pending = await notion.fileUploads.create({ filename: "x.pdf", content_type: "application/pdf" });
    const error = await failure(
      notion.comments.create({
        parent: { page_id: pageId(3) },
        rich_text: [{ text: { content: "x" } }],
        attachments: [{ file_upload_id: pending.id }],
      }),
    );
    expect(error.code).toBe(APIErrorCode.ValidationError);
  });
});

describe("blocks", () => {
  it("appends, lists, positions, updates and trashes common block types", async () => {
    const page = await notion.pages.create({
      parent: { page_id: seed.parentPageId },
      properties: { title: { title: [{ text: { content: "Notes" } }] } },
      children: [
        { heading_2: { rich_text: [{ text: { content: "Plan" } }] } },
        {
          to_do: {
            rich_text: [{ text: { content: "ship" } }],
            checked: false,
            children: [{ paragraph: { rich_text: [{ text: { content: "nested" } }] } }],
          },
        },
      ],
    });
    const listed = await notion.blocks.children.list({ block_id: page.id });
    expect(listed.results.map((block) => ("type" in block ? block.type : ""))).toEqual([
      "heading_2",
      "to_do",
    ]);
    const todo = listed.results[1];
    if (!todo || !("type" in todo) || todo.type !== "to_do") throw new Error("expected a to_do");
    expect(todo.has_children).toBe(true);
    expect((await notion.blocks.children.list({ block_id: todo.id })).results).toHaveLength(1);
    const heading = listed.results[0];
    if (!heading) throw new Error("expected a heading");
    await notion.blocks.children.append({
      block_id: page.id,
      children: [
        { divider: {} },
        { code: { rich_text: [{ text: { content: "npm ci" } }], language: "shell" } },
      ],
      position: { type: "after_block", after_block: { id: heading.id } },
    });
    const types = (await notion.blocks.children.list({ block_id: page.id })).results.map((b) =>
      "type" in b ? b.type : "",
    );
    expect(types).toEqual(["heading_2", "divider", "code", "to_do"]);
    const checked = await notion.blocks.update({ block_id: todo.id, to_do: { checked: true } });
    expect("to_do" in checked && checked.to_do.checked).toBe(true);
    await notion.blocks.delete({ block_id: todo.id });
    expect((await notion.blocks.children.list({ block_id: page.id })).results).toHaveLength(3);
    const unknownType = await raw("PATCH", `/v1/blocks/${page.id}/children`, {
      body: { children: [{ synced_block: { synced_from: null } }] },
    });
    expect(unknownType.body).toMatchObject({ status: 400, code: "validation_error" });
  });

  it("takes `after` until 2026-03-11 and `position` from then on", async () => {
    const modern = await raw("PATCH", `/v1/blocks/${seed.parentPageId}/children`, {
      version: "2026-03-11",
      body: { children: [{ divider: {} }], after: seed.parentPageId },
    });
    expect(modern.body).toMatchObject({ status: 400, code: "validation_error" });
  });
});

describe("templates", () => {
  it("lists a data source's templates and creates a page from one, values and content included", async () => {
    const { templateId } = await sandbox.control.createTemplate(seed.dataSourceId, {
      name: "Campaign link",
      isDefault: true,
      properties: { Channel: "Email", Sync: "Draft" },
      children: [{ paragraph: { rich_text: [{ text: { content: "Brief goes here" } }] } }],
    });
    const listed = await notion.dataSources.listTemplates({ data_source_id: seed.dataSourceId });
    expect(listed.templates).toEqual([{ id: templateId, name: "Campaign link", is_default: true }]);
    const page = await notion.pages.create({
      parent: { data_source_id: seed.dataSourceId },
      properties: {
        Name: { title: [{ text: { content: "From template" } }] },
        Sync: { select: { name: "Live" } },
      },
      template: { type: "default" },
    });
    if (!isFullPage(page)) throw new Error("expected a full page");
    expect(page.properties.Channel).toMatchObject({ select: { name: "Email" } });
    expect(page.properties.Sync).toMatchObject({ select: { name: "Live" } });
    const content = await notion.blocks.children.list({ block_id: page.id });
    expect(content.results).toHaveLength(1);
    const rows = await notion.dataSources.query({ data_source_id: seed.dataSourceId });
    expect(rows.results.some((row) => row.id === templateId)).toBe(false);
    const error = await failure(
      notion.pages.create({
        parent: { data_source_id: seed.dataSourceId },
        properties: {},
        template: { type: "template_id", template_id: pageId() },
      }),
    );
    expect(error.code).toBe(APIErrorCode.ValidationError);
  });
});

describe("clock and index lag", () => {
  let skewed: RunningSandbox | undefined;
  afterEach(async () => {
    await skewed?.close();
    skewed = undefined;
  });

  it("stamps times and the Date header from its own clock, which may be far from the caller's", async () => {
    skewed = await startSandbox({ rateLimit: false, clockOffsetMs: -10 * 60_000 });
    const local = await skewed.control.seedCampaign({ rows: 1 });
    const response = await fetch(`${skewed.baseUrl}/v1/pages/${local.pageIds[0]}`, {
      headers: { authorization: `Bearer ${local.token}`, "notion-version": "2025-09-03" },
    });
    const serverDate = Date.parse(response.headers.get("date") ?? "");
    expect(Date.now() - serverDate).toBeGreaterThan(9 * 60_000);
    const page = (await response.json()) as { last_edited_time: string };
    expect(Date.now() - Date.parse(page.last_edited_time)).toBeGreaterThan(9 * 60_000);
  });

  it("shows an edit to query filters only after the visibility delay, while retrieve sees it at once", async () => {
    skewed = await startSandbox({ rateLimit: false, visibilityDelayMs: 5_000 });
    const local = await skewed.control.seedCampaign({ rows: 1 });
    const client = sdkClient(skewed, local.token);
    const created = await client.pages.create({
      parent: { data_source_id: local.dataSourceId },
      properties: { Name: { title: [{ text: { content: "Lagging" } }] } },
    });
    const filter = { property: "Name", title: { equals: "Lagging" } } as const;
    const before = await client.dataSources.query({ data_source_id: local.dataSourceId, filter });
    expect(before.results).toHaveLength(0);
    expect((await client.pages.retrieve({ page_id: created.id })).id).toBe(created.id);
    await skewed.control.advanceClock(5_000);
    const after = await client.dataSources.query({ data_source_id: local.dataSourceId, filter });
    expect(after.results.map((row) => row.id)).toEqual([created.id]);
  });
});
