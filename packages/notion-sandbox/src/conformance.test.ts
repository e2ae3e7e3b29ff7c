import {
  APIErrorCode,
  APIResponseError,
  type Client,
  isFullComment,
  isFullPage,
  iteratePaginatedAPI,
  type PageObjectResponse,
} from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./sandbox";
import { startSandbox } from "./sandbox";
import { sdkClient } from "./testing/sdk-sandbox";

/** The official SDK, unmodified, driving the sandbox through `baseUrl` — the flows Linksync relies on. */
let sandbox: RunningSandbox;
let notion: Client;
let dataSourceId: string;
let personId: string;
const ROWS = 250;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  const seed = await sandbox.control.seedWorkspace({
    people: [{ name: "Maya", email: "maya@example.com" }],
    pages: [{ title: "HQ" }],
  });
  notion = sdkClient(sandbox, seed.token);
  personId = seed.personIds.Maya ?? "";
  const database = await notion.databases.create({
    parent: { type: "page_id", page_id: seed.pageIds.HQ ?? "" },
    title: [{ text: { content: "Linksync Links" } }],
    initial_data_source: {
      properties: {
        Title: { title: {} },
        Destination: { url: {} },
        Tags: { multi_select: { options: [{ name: "promo" }, { name: "q2" }] } },
        "Short URL": { url: {} },
        Clicks: { number: { format: "number" } },
        QR: { files: {} },
        "Last Synced": { date: {} },
        Sync: { select: { options: [{ name: "Draft" }, { name: "Live" }, { name: "Paused" }] } },
        Notes: { rich_text: {} },
        Stage: { status: {} },
        Owner: { people: {} },
        Approved: { checkbox: {} },
        Contact: { email: {} },
        Phone: { phone_number: {} },
      },
    },
  });
  dataSourceId = "data_sources" in database ? (database.data_sources[0]?.id ?? "") : "";
  const workers = Array.from({ length: 10 }, async (_, worker) => {
    for (let index = worker; index < ROWS; index += 10) {
      await notion.pages.create({
        parent: { data_source_id: dataSourceId },
        properties: {
          Title: { title: [{ text: { content: `Link ${index}` } }] },
          Destination: { url: `https://example.com/${index}` },
          Sync: { select: { name: index % 5 === 0 ? "Draft" : "Live" } },
          Clicks: { number: index },
        },
      });
    }
  });
  await Promise.all(workers);
});

afterAll(() => sandbox.close());

describe("conformance with @notionhq/client", () => {
  it("pages through a filtered query with iteratePaginatedAPI", async () => {
    const seen: string[] = [];
    for await (const page of iteratePaginatedAPI(notion.dataSources.query, {
      data_source_id: dataSourceId,
      filter: {
        and: [
          { property: "Sync", select: { equals: "Live" } },
          { property: "Short URL", url: { is_empty: true } },
        ],
      },
      sorts: [{ property: "Clicks", direction: "ascending" }],
      page_size: 30,
    })) {
      seen.push(page.id);
    }
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    const log = await sandbox.control.requestLog();
    expect(log.byEndpoint["POST /v1/data_sources/{data_source_id}/query"]).toBe(7);
  });

  it("updates every supported property type and reads each back", async () => {
    const [first] = (await notion.dataSources.query({ data_source_id: dataSourceId, page_size: 1 })).results;
    const pageId = first?.id ?? "";
    await notion.pages.update({
      page_id: pageId,
      properties: {
        Title: { title: [{ text: { content: "Renamed" }, annotations: { bold: true } }] },
        Destination: { url: "https://example.com/new?utm_source=notion" },
        Tags: { multi_select: [{ name: "promo" }, { name: "fresh" }] },
        "Short URL": { url: "https://lnk.example/abc" },
        Clicks: { number: 1234 },
        QR: { files: [{ name: "qr.png", external: { url: "https://cdn.example/qr.png" } }] },
        "Last Synced": { date: { start: "2026-03-01T10:00:00.000Z" } },
        Sync: { select: { name: "Paused" } },
        Notes: { rich_text: [{ text: { content: "see ", link: { url: "https://docs.example" } } }] },
        Stage: { status: { name: "In progress" } },
        Owner: { people: [{ id: personId }] },
        Approved: { checkbox: true },
        Contact: { email: "maya@example.com" },
        Phone: { phone_number: "+44 20 7946 0000" },
      },
    });
    const page = await notion.pages.retrieve({ page_id: pageId });
    if (!isFullPage(page)) throw new Error("expected a full page");
    const p = page.properties;
    expect(p.Title).toMatchObject({ title: [{ plain_text: "Renamed", annotations: { bold: true } }] });
    expect(p.Destination).toMatchObject({ url: "https://example.com/new?utm_source=notion" });
    expect(p.Tags?.type === "multi_select" && p.Tags.multi_select.map((tag) => tag.name)).toEqual([
      "promo",
      "fresh",
    ]);
    expect(p["Short URL"]).toMatchObject({ url: "https://lnk.example/abc" });
    expect(p.Clicks).toMatchObject({ number: 1234 });
    expect(p.QR).toMatchObject({
      files: [{ name: "qr.png", type: "external", external: { url: "https://cdn.example/qr.png" } }],
    });
    expect(p["Last Synced"]).toMatchObject({ date: { start: "2026-03-01T10:00:00.000Z", end: null } });
    expect(p.Sync).toMatchObject({ select: { name: "Paused" } });
    expect(p.Notes).toMatchObject({ rich_text: [{ plain_text: "see ", href: "https://docs.example" }] });
    expect(p.Stage).toMatchObject({ status: { name: "In progress" } });
    expect(p.Owner).toMatchObject({ people: [{ id: personId, type: "person" }] });
    expect(p.Approved).toMatchObject({ checkbox: true });
    expect(p.Contact).toMatchObject({ email: "maya@example.com" });
    expect(p.Phone).toMatchObject({ phone_number: "+44 20 7946 0000" });
    const cleared = await notion.pages.update({
      page_id: pageId,
      properties: { "Short URL": { url: null }, Clicks: { number: null } },
    });
    expect(isFullPage(cleared) && [cleared.properties["Short URL"], cleared.properties.Clicks]).toMatchObject(
      [{ url: null }, { number: null }],
    );
  });

  it("uploads a file, attaches it to a files property and downloads it from the expiring URL", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const upload = await notion.fileUploads.create({ filename: "qr.png", content_type: "image/png" });
    expect(upload.status).toBe("pending");
    const sent = await notion.fileUploads.send({
      file_upload_id: upload.id,
      file: { filename: "qr.png", data: new Blob([png], { type: "image/png" }) },
    });
    expect([sent.status, sent.content_length]).toEqual(["uploaded", png.length]);
    const [row] = (await notion.dataSources.query({ data_source_id: dataSourceId, page_size: 1 })).results;
    const page = await notion.pages.update({
      page_id: row?.id ?? "",
      properties: {
        QR: { files: [{ type: "file_upload", file_upload: { id: upload.id }, name: "qr.png" }] },
      },
    });
    const qr = isFullPage(page) ? page.properties.QR : undefined;
    const file = qr?.type === "files" ? qr.files[0] : undefined;
    if (file?.type !== "file") throw new Error("expected a hosted file");
    const download = await fetch(file.file.url);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await download.arrayBuffer())).toEqual(png);
    await sandbox.control.advanceClock(61 * 60 * 1000);
    expect((await fetch(file.file.url)).status).toBe(403);
  });

  it("comments on a row and lists the comments", async () => {
    const [row] = (await notion.dataSources.query({ data_source_id: dataSourceId, page_size: 1 })).results;
    const text = "Destination conflict at 14:02:30 UTC: kept Notion value https://a.example";
    const comment = await notion.comments.create({
      parent: { page_id: row?.id ?? "" },
      rich_text: [{ text: { content: text } }],
    });
    const list = await notion.comments.list({ block_id: row?.id ?? "" });
    expect(list.results.map((entry) => entry.id)).toEqual([comment.id]);
    expect(isFullComment(comment) && comment.rich_text[0]?.plain_text).toBe(text);
  });

  it("meets the rate limit and the SDK's own retry succeeds after Retry-After", async () => {
    const limited = await startSandbox({ rateLimit: { perSecond: 2, burst: 1 } });
    try {
      const { token } = await limited.control.createIntegrationToken();
      const client = sdkClient(limited, token, { maxRetries: 3 });
      await client.users.me({});
      const me = await client.users.me({});
      expect(me.object).toBe("user");
      const log = await limited.control.requestLog();
      expect(log.entries.map((entry) => entry.status)).toEqual([200, 429, 200]);
    } finally {
      await limited.close();
    }
  });

  it("answers a revoked token with APIResponseError unauthorized (401)", async () => {
    const issued = await sandbox.control.createIntegrationToken();
    const client = sdkClient(sandbox, issued.token);
    await client.users.me({});
    await sandbox.control.revokeToken(issued.token);
    const error = await client.users.me({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIResponseError);
    expect([(error as APIResponseError).code, (error as APIResponseError).status]).toEqual([
      APIErrorCode.Unauthorized,
      401,
    ]);
  });

  it("finds the data source and pages with search", async () => {
    const response = await notion.search({
      query: "Linksync",
      filter: { property: "object", value: "data_source" },
    });
    expect(response.results.map((result) => result.id)).toEqual([dataSourceId]);
    const pages = await notion.search({ query: "Link 24", filter: { property: "object", value: "page" } });
    expect(
      pages.results
        .filter((result): result is PageObjectResponse => isFullPage(result))
        .map((page) =>
          page.properties.Title?.type === "title" ? page.properties.Title.title[0]?.plain_text : "",
        ),
    ).toEqual(expect.arrayContaining(["Link 24", "Link 240", "Link 249"]));
  });
});
