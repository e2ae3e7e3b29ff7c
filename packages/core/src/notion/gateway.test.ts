import { type CampaignSeed, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import type { PageObjectResponse } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import { EventBus, type LinksyncEvent } from "../events/events";
import { createNotionGateway, type NotionGatewayOptions } from "./gateway";
import { NotionError } from "./notion-error";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A sandbox with the seeded campaign database and a gateway on its token; the sandbox's own limiter is off unless asked. */
async function setup(
  options: {
    rows?: number;
    sandbox?: Parameters<typeof startSandbox>[0];
    gateway?: Partial<NotionGatewayOptions>;
  } = {},
) {
  sandbox = await startSandbox({ rateLimit: false, ...options.sandbox });
  const seed: CampaignSeed = await sandbox.control.seedCampaign({ rows: options.rows ?? 5 });
  const events = new EventBus();
  const seen: LinksyncEvent[] = [];
  events.onAny((event) => seen.push(event));
  const gateway = createNotionGateway({
    auth: seed.token,
    baseUrl: sandbox.baseUrl,
    events,
    connectionId: "conn-1",
    scheduler: { ratePerSecond: 100, burst: 10, backoff: { initialMs: 50 } },
    ...options.gateway,
  });
  return { sandbox, seed, gateway, seen };
}

async function collect(rows: AsyncIterable<PageObjectResponse>): Promise<PageObjectResponse[]> {
  const pages: PageObjectResponse[] = [];
  for await (const page of rows) pages.push(page);
  return pages;
}

async function statusesOf(running: RunningSandbox): Promise<number[]> {
  return (await running.control.requestLog()).entries.map((entry) => entry.status);
}

describe("Notion gateway against the sandbox: reading", () => {
  it("pages through more than 100 rows with one scheduled request per 100", async () => {
    const { seed, gateway } = await setup({ rows: 250 });
    const query = gateway.queryDataSource({ dataSourceId: seed.dataSourceId });
    const pages = await collect(query);
    expect(pages.map((p) => p.id).sort()).toEqual([...seed.pageIds].sort());
    expect(query.completeness).toBe("complete");
    expect(gateway.requestCounts()["dataSources.query"]).toBe(3);
    expect(gateway.scheduler.stats().sent.sync).toBe(3);
  });

  it("passes filter, sorts and filter_properties through to Notion", async () => {
    const { seed, gateway } = await setup({ rows: 40 });
    const schema = await gateway.retrieveDataSource(seed.dataSourceId);
    const destinationId = schema.properties.Destination!.id;
    const live = seed.rows.filter((row) => row.sync === "Live");
    const query = gateway.queryDataSource({
      dataSourceId: seed.dataSourceId,
      filter: { property: "Sync", select: { equals: "Live" } },
      sorts: [{ timestamp: "created_time", direction: "ascending" }],
      filterProperties: [destinationId],
    });
    const pages = await collect(query);
    expect(pages.map((p) => p.id).sort()).toEqual(live.map((row) => row.pageId).sort());
    expect(Object.keys(pages[0]!.properties)).toEqual(["Destination"]);
  });

  it("reports a query stopped at Notion's result cap as incomplete, so the caller can narrow it", async () => {
    const { seed, gateway } = await setup({ rows: 150, sandbox: { queryResultCap: 120 } });
    const query = gateway.queryDataSource({ dataSourceId: seed.dataSourceId });
    expect(query.completeness).toBe("pending");
    const pages = await collect(query);
    expect(pages.length).toBeLessThan(150);
    expect(query.completeness).toBe("incomplete");
  });

  it("retrieves the database, its data source, a page, the bot user and search results", async () => {
    const { seed, gateway } = await setup();
    const database = await gateway.retrieveDatabase(seed.databaseId);
    expect(database.data_sources.map((d) => d.id)).toContain(seed.dataSourceId);
    const page = await gateway.retrievePage(seed.pageIds[0]!);
    expect(page.id).toBe(seed.pageIds[0]);
    expect((await gateway.me()).id).toBe(seed.botUserId);
    const found: string[] = [];
    for await (const result of gateway.search({ filter: { property: "object", value: "data_source" } })) {
      found.push(result.id);
    }
    expect(found).toContain(seed.dataSourceId);
  });
});

describe("Notion gateway against the sandbox: writing", () => {
  it("creates a database under a page with its columns, adds a column, creates and updates a row", async () => {
    const { seed, gateway } = await setup();
    const database = await gateway.createDatabase({
      parent: { type: "page_id", page_id: seed.parentPageId },
      title: [{ type: "text", text: { content: "Linksync Links" } }],
      initial_data_source: { properties: { Name: { title: {} }, Destination: { url: {} } } },
    });
    const dataSourceId = database.data_sources[0]!.id;
    const updated = await gateway.updateDataSource({
      data_source_id: dataSourceId,
      properties: { "Short URL": { url: {} } },
    });
    expect(Object.keys(updated.properties).sort()).toEqual(["Destination", "Name", "Short URL"]);
    const row = await gateway.createPage({
      parent: { type: "data_source_id", data_source_id: dataSourceId },
      properties: {
        Name: { title: [{ text: { content: "Launch post" } }] },
        Destination: { url: "https://acme.example/launch" },
      },
    });
    const written = await gateway.updatePage({
      page_id: row.id,
      properties: { "Short URL": { url: "https://go.acme.com/x7Kp2" } },
    });
    expect(written.properties["Short URL"]).toMatchObject({ url: "https://go.acme.com/x7Kp2" });
  });

  it("uploads a file and attaches it to a files column", async () => {
    const { seed, gateway } = await setup();
    await gateway.updateDataSource({ data_source_id: seed.dataSourceId, properties: { QR: { files: {} } } });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const upload = await gateway.uploadFile({ filename: "qr.png", contentType: "image/png", data: png });
    expect(upload.attachment).toEqual({ type: "file_upload", file_upload: { id: upload.id } });
    const page = await gateway.updatePage({
      page_id: seed.pageIds[0]!,
      properties: { QR: { files: [{ ...upload.attachment, name: "qr.png" }] } },
    });
    const qr = page.properties.QR;
    expect(qr?.type === "files" && qr.files.map((f) => f.name)).toEqual(["qr.png"]);
    expect(gateway.requestCounts()).toMatchObject({ "fileUploads.create": 1, "fileUploads.send": 1 });
  });

  it("reads upload statuses from the list of uploads, newest first, only as many pages as the ids need", async () => {
    const { gateway } = await setup();
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
    const oldest = await gateway.uploadFile({ filename: "old.png", contentType: "image/png", data: png });
    const later: string[] = [];
    for (let i = 0; i < 150; i++) {
      later.push(
        (await gateway.uploadFile({ filename: `q${i}.png`, contentType: "image/png", data: png })).id,
      );
    }
    const newest = later.slice(-3);
    const before = gateway.requestCounts()["fileUploads.list"] ?? 0;
    expect([...(await gateway.fileUploadStatuses(newest)).values()]).toEqual([
      "uploaded",
      "uploaded",
      "uploaded",
    ]);
    expect((gateway.requestCounts()["fileUploads.list"] ?? 0) - before).toBe(1);
    const statuses = await gateway.fileUploadStatuses([oldest.id, "00000000-0000-4000-8000-000000000000"]);
    expect(statuses.get(oldest.id)).toBe("uploaded");
    expect(statuses.has("00000000-0000-4000-8000-000000000000")).toBe(false);
    // The oldest of 151 uploads is on the second page, the last one: an id never listed costs no page beyond it.
    expect((gateway.requestCounts()["fileUploads.list"] ?? 0) - before).toBe(1 + 2);
  });

  it("creates a comment on a row and lists it", async () => {
    const { seed, gateway } = await setup();
    const pageId = seed.pageIds[0]!;
    const text = "Destination conflict at 14:02:30 UTC: kept Notion value https://a.example.";
    await gateway.createComment({ parent: { page_id: pageId }, rich_text: [{ text: { content: text } }] });
    const comments = await gateway.listComments(pageId);
    expect(comments.map((c) => c.rich_text.map((t) => t.plain_text).join(""))).toEqual([text]);
  });
});

describe("Notion gateway against the sandbox: failures", () => {
  it("honours Retry-After under a 429 storm: the whole connection pauses, one probe per pause, no hammering", async () => {
    const { sandbox, seed, gateway, seen } = await setup();
    await sandbox.control.setFaults({ rateLimitNext: { count: 3, retryAfterSeconds: 1 } });
    const first = gateway.retrievePage(seed.pageIds[0]!);
    await new Promise<void>((resolve) =>
      gateway.scheduler.onStatus((s) => s.state === "throttled" && resolve()),
    );
    // Requests made during the pause wait for it to end instead of adding to the storm.
    const pages = await Promise.all([first, ...seed.pageIds.slice(1).map((id) => gateway.retrievePage(id))]);
    expect(pages).toHaveLength(5);
    const log = (await sandbox.control.requestLog()).entries;
    expect(log.map((e) => e.status)).toEqual([429, 429, 429, 200, 200, 200, 200, 200]);
    const times = log.map((e) => Date.parse(e.at));
    for (let i = 1; i <= 3; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
    expect(gateway.scheduler.stats().throttledResponses).toBe(3);
    // Each pause is reported as it starts: "Throttled by Notion, resuming in 1 s".
    const throttled = { connectionId: "conn-1", retryAfterMs: 1_000, at: expect.any(String) };
    expect(seen.filter((e) => e.type === "sync.throttled").map((e) => e.payload)).toEqual([
      throttled,
      throttled,
      throttled,
    ]);
    expect(gateway.scheduler.status().state).toBe("running");
  });

  it("stays under the sandbox's real rate limit when budgeted below it", async () => {
    const { sandbox, seed, gateway } = await setup({
      sandbox: { rateLimit: { perSecond: 20, burst: 5 } },
      gateway: { scheduler: { ratePerSecond: 15, burst: 2 } },
    });
    await Promise.all(Array.from({ length: 30 }, (_, i) => gateway.retrievePage(seed.pageIds[i % 5]!)));
    expect(await statusesOf(sandbox)).toEqual(Array(30).fill(200));
  });

  it("retries a burst of 5xx with back-off and then succeeds", async () => {
    const { sandbox, seed, gateway } = await setup();
    await sandbox.control.setFaults({ failNext: { count: 3, status: 503 } });
    const page = await gateway.updatePage({
      page_id: seed.pageIds[0]!,
      properties: { "Short URL": { url: "https://go.acme.com/a" } },
    });
    expect(page.properties["Short URL"]).toMatchObject({ url: "https://go.acme.com/a" });
    expect(await statusesOf(sandbox)).toEqual([503, 503, 503, 200]);
    expect(gateway.requestCounts()["pages.update"]).toBe(4);
    expect(gateway.scheduler.stats().retries).toBe(3);
  });

  it("never repeats a create that failed with a server error: it reports the outcome as unknown", async () => {
    const { sandbox, seed, gateway } = await setup();
    await sandbox.control.setFaults({ failNext: { count: 1, status: 500 } });
    const error = await gateway
      .createComment({ parent: { page_id: seed.pageIds[0]! }, rich_text: [{ text: { content: "hi" } }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotionError);
    expect(error).toMatchObject({
      code: "unavailable",
      details: { outcomeUnknown: true, pageId: seed.pageIds[0] },
    });
    expect(gateway.requestCounts()["comments.create"]).toBe(1);
  });

  it("rides out dropped connections, reporting offline then online", async () => {
    const { sandbox, seed, gateway, seen } = await setup();
    await sandbox.control.setFaults({ dropNext: { count: 2 } });
    const page = await gateway.retrievePage(seed.pageIds[1]!);
    expect(page.id).toBe(seed.pageIds[1]);
    expect(await statusesOf(sandbox)).toEqual([0, 0, 200]);
    expect(seen.map((e) => e.type)).toEqual(["sync.offline", "sync.online"]);
    expect(gateway.scheduler.status().state).toBe("running");
  });

  it("fails as offline once the retries are spent, so the outbox can take over", async () => {
    const { sandbox, seed, gateway } = await setup({
      gateway: { scheduler: { ratePerSecond: 100, backoff: { initialMs: 20 }, maxAttempts: 3 } },
    });
    await sandbox.control.setFaults({ dropNext: { count: 10 } });
    const error = await gateway.retrievePage(seed.pageIds[0]!).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NotionError", code: "offline", transient: true });
    expect(gateway.requestCounts()["pages.retrieve"]).toBe(3);
    expect(gateway.scheduler.status().state).toBe("offline");
  });

  it("gives up on answers slower than the timeout as offline, after retrying them", async () => {
    const { sandbox, seed, gateway } = await setup({
      gateway: {
        timeoutMs: 100,
        scheduler: { ratePerSecond: 100, backoff: { initialMs: 20 }, maxAttempts: 2 },
      },
    });
    await sandbox.control.setFaults({ rules: [{ latencyMs: 400 }] });
    const error = await gateway.retrievePage(seed.pageIds[0]!).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "offline", message: expect.stringContaining("timed out") });
    expect(gateway.requestCounts()["pages.retrieve"]).toBe(2);
    await sandbox.control.clearFaults();
    expect((await gateway.retrievePage(seed.pageIds[0]!)).id).toBe(seed.pageIds[0]);
    expect(gateway.scheduler.status().state).toBe("running");
  });

  it("turns a revoked token into unauthorized at once, without the token anywhere in the error", async () => {
    const { sandbox, seed, gateway } = await setup();
    await sandbox.control.revokeToken(seed.token);
    const error = await gateway.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotionError);
    const notionError = error as NotionError;
    expect(notionError.code).toBe("unauthorized");
    expect(notionError.transient).toBe(false);
    const everything = JSON.stringify({
      ...notionError,
      message: notionError.message,
      stack: notionError.stack,
    });
    expect(everything).not.toContain(seed.token);
    expect(gateway.revoked).toBe(true);
    // The dead token is not sent again: later calls fail at once.
    await expect(gateway.retrievePage(seed.pageIds[0]!)).rejects.toMatchObject({ code: "unauthorized" });
    expect(gateway.totalRequests()).toBe(1);
    expect((await sandbox.control.requestLog()).total).toBe(1);
  });

  it("reports a row Notion cannot find with its code and page", async () => {
    const { seed, gateway } = await setup();
    const missing = `${seed.pageIds[0]!.slice(0, -4)}0000`;
    const error = await gateway.retrievePage(missing).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "object_not_found", details: { pageId: missing, status: 404 } });
  });
});
