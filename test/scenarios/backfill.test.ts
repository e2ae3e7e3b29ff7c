import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditOf } from "../support/audit";
import { notionPage, notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

let world: World;
beforeEach(async () => {
  world = await startWorld({ rows: 12 });
});
afterEach(async () => {
  await world.close();
});

describe("backfill", () => {
  it("gives every Live row with a good Destination one link, written back in one page update", async () => {
    const attached = await world.agent();
    const { agent, databaseId, events } = attached;
    const [summary] = await agent.syncNow(databaseId);
    const rows = await notionRows(world);
    const expected = world.seed.rows.filter(
      (r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null,
    );
    expect(summary?.minted).toBe(expected.length);
    for (const seeded of expected) {
      const row = rows.get(seeded.pageId);
      expect(row?.shortUrl).toMatch(/^http/);
      expect(row?.linkId).toBeTruthy();
      expect(row?.syncedDestination).toBe(seeded.destination);
      expect(row?.qrFileName).toMatch(/^qr-.*\.png$/);
    }

    const progress = events.flatMap((e) =>
      e.type === "sync.progress" && e.payload.phase === "backfill" ? [e.payload] : [],
    );
    const last = progress.at(-1);
    expect(last?.phase).toBe("backfill");
    expect(last?.done).toBe(last?.total); // every candidate, the bad rows included
    expect(last?.total).toBeGreaterThanOrEqual(expected.length);
    expect(
      progress.every((p) => typeof p.ratePerSecond === "number" && typeof p.throttled === "boolean"),
    ).toBe(true);
    expect(events.filter((e) => e.type === "link.created")).toHaveLength(expected.length);

    const writes = (await auditOf(attached)).filter((e) => e.kind === "write" && e.column === "Short URL");
    expect(writes).toHaveLength(expected.length);
    expect(writes[0]).toMatchObject({ target: "notion", source: "linksync", reason: "filled by Linksync" });
  });

  it("writes every link before the first QR upload; each QR is then one upload and one page update", async () => {
    const { agent, databaseId, events } = await world.agent();
    await world.sandbox.control.resetRequestLog();
    const [summary] = await agent.syncNow(databaseId);
    const minted = summary?.minted ?? 0;
    expect(minted).toBeGreaterThan(0);
    const endpoints = (await world.sandbox.control.requestLog()).entries.map((e) => e.endpoint);
    const updates = endpoints.flatMap((e, i) => (e === "PATCH /v1/pages/{page_id}" ? [i] : []));
    const uploads = endpoints.flatMap((e, i) => (e.startsWith("POST /v1/file_uploads") ? [i] : []));
    const marked = world.seed.rows.filter(
      (r) => r.sync === "Live" && r.badDestination && r.shortUrl === null,
    );
    // Links (and Sync Error marks) first: as many page updates as rows, before any QR upload...
    expect(updates.filter((i) => i < (uploads[0] ?? 0))).toHaveLength(minted + marked.length);
    // ...then per QR: upload create + send, and one page update.
    expect(uploads).toHaveLength(2 * minted);
    expect(updates).toHaveLength(2 * minted + marked.length);

    const rows = await notionRows(world);
    for (const row of rows.values()) if (row.linkId !== null) expect(row.qrFileName).toMatch(/^qr-.*\.png$/);
    const progress = events.flatMap((e) =>
      e.type === "sync.progress" && e.payload.phase === "backfill" ? [e.payload] : [],
    );
    const duringLinks = progress.find((p) => p.done < p.total);
    expect(duringLinks?.qr).toMatchObject({ done: 0, ratePerSecond: 0 });
    // The default (`qrImages: auto`) uploads: Notion could not fetch a shortener on loopback http.
    expect(progress.at(-1)?.qr).toMatchObject({
      done: minted,
      total: minted,
      etaSeconds: 0,
      method: "upload",
    });
    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)?.total });
  });

  it("attaches the QR as a link to the shortener's /{slug}.png when the database asks, at no extra request", async () => {
    const { agent, databaseId } = await world.agent({}, { qrImages: "link" });
    await world.sandbox.control.resetRequestLog();
    const [summary] = await agent.syncNow(databaseId);
    const log = await world.sandbox.control.requestLog();
    expect(log.entries.filter((e) => e.endpoint.startsWith("POST /v1/file_uploads"))).toEqual([]);
    const marked = world.seed.rows.filter(
      (r) => r.sync === "Live" && r.badDestination && r.shortUrl === null,
    );
    expect(log.byEndpoint["PATCH /v1/pages/{page_id}"]).toBe((summary?.minted ?? 0) + marked.length);

    const linked = [...(await notionRows(world)).values()].filter((row) => row.linkId !== null);
    const page = await notionPage(world, linked[0]?.pageId ?? "");
    const qr = page.properties.QR;
    const file = qr?.type === "files" ? qr.files[0] : undefined;
    expect(file).toMatchObject({ type: "external", external: { url: `${linked[0]?.shortUrl}.png` } });
    expect(file?.name).toBe(linked[0]?.qrFileName);
    const png = await fetch(file?.type === "external" ? file.external.url : "");
    expect(png.headers.get("content-type")).toBe("image/png");
  });

  it("has Notion import the QR codes from the shortener's /{slug}.png when the database asks: two requests per QR", async () => {
    const { agent, databaseId } = await world.agent({}, { qrImages: "import" });
    await world.sandbox.control.resetRequestLog();
    const [summary] = await agent.syncNow(databaseId);
    const minted = summary?.minted ?? 0;
    expect(minted).toBeGreaterThan(0);
    const log = await world.sandbox.control.requestLog();
    const marked = world.seed.rows.filter(
      (r) => r.sync === "Live" && r.badDestination && r.shortUrl === null,
    );
    // Per QR: one import (create) and one page update; the imports' statuses are read in one list per batch of 90
    // (and once more for those Notion was still downloading).
    expect(log.byEndpoint["POST /v1/file_uploads"]).toBe(minted);
    expect(log.byEndpoint["POST /v1/file_uploads/{file_upload_id}/send"]).toBeUndefined();
    expect(log.byEndpoint["GET /v1/file_uploads"]).toBeLessThanOrEqual(2);
    expect(log.byEndpoint["PATCH /v1/pages/{page_id}"]).toBe(2 * minted + marked.length);

    const linked = [...(await notionRows(world)).values()].filter((row) => row.linkId !== null);
    expect(linked).toHaveLength(minted);
    const page = await notionPage(world, linked[0]?.pageId ?? "");
    const qr = page.properties.QR;
    const file = qr?.type === "files" ? qr.files[0] : undefined;
    // A copy hosted by Notion, as an uploaded file is, with the bytes the shortener serves.
    if (file?.type !== "file") throw new Error("expected a file hosted by Notion");
    expect(file.name).toBe(linked[0]?.qrFileName);
    const hosted = Buffer.from(await (await fetch(file.file.url)).arrayBuffer());
    const served = Buffer.from(await (await fetch(`${linked[0]?.shortUrl}.png`)).arrayBuffer());
    expect(hosted).toEqual(served);
  });

  it("uploads the QR codes instead when Notion cannot reach the shortener to import them, after one refused import", async () => {
    await world.close();
    world = await startWorld({ rows: 12, allowHttpImports: false });
    const { agent, databaseId } = await world.agent({}, { qrImages: "import" });
    await world.sandbox.control.resetRequestLog();
    const [summary] = await agent.syncNow(databaseId);
    const minted = summary?.minted ?? 0;
    const log = await world.sandbox.control.requestLog();
    const refused = log.entries.filter((e) => e.endpoint === "POST /v1/file_uploads" && e.status === 400);
    expect(refused.length).toBeGreaterThan(0);
    expect(log.byEndpoint["POST /v1/file_uploads/{file_upload_id}/send"]).toBe(minted);
    const rows = await notionRows(world);
    for (const row of rows.values()) if (row.linkId !== null) expect(row.qrFileName).toMatch(/^qr-.*\.png$/);
  });

  it("uploads the QR codes instead once Notion fails most imports, after a first batch of at most 10", async () => {
    await world.close();
    world = await startWorld({ rows: 40 });
    const { agent, databaseId, events } = await world.agent({}, { qrImages: "import" });
    // Notion answers every import `pending`, then fails its download.
    await world.sandbox.control.setFaults({ failImportsNext: { count: 100_000 } });
    await world.sandbox.control.resetRequestLog();
    const [summary] = await agent.syncNow(databaseId);
    const minted = summary?.minted ?? 0;
    expect(minted).toBeGreaterThan(10);
    const log = await world.sandbox.control.requestLog();
    const sends = log.byEndpoint["POST /v1/file_uploads/{file_upload_id}/send"] ?? 0;
    const imports = (log.byEndpoint["POST /v1/file_uploads"] ?? 0) - sends;
    expect(imports).toBeLessThanOrEqual(10);
    expect(sends).toBe(minted);
    const linked = [...(await notionRows(world)).values()].filter((row) => row.linkId !== null);
    expect(linked).toHaveLength(minted);
    for (const row of linked) expect(row.qrFileName).toMatch(/^qr-.*\.png$/);
    const progress = events.flatMap((e) =>
      e.type === "sync.progress" && e.payload.phase === "backfill" ? [e.payload] : [],
    );
    expect(progress.some((p) => p.qr?.method === "import")).toBe(true);
    expect(progress.at(-1)?.qr).toMatchObject({ done: minted, method: "upload" });
  });

  it("stops the QR imports while Notion is unreachable, keeps the links, and finishes the QR codes on the next run", async () => {
    const { agent, databaseId } = await world.agent({}, { qrImages: "import" });
    // The network drops every file upload request: the links are written, their QR imports cannot start.
    await world.sandbox.control.setFaults({
      dropNext: { count: 100_000, endpoint: "POST /v1/file_uploads" },
    });
    const [first] = await agent.syncNow(databaseId);
    const minted = first?.minted ?? 0;
    expect(minted).toBeGreaterThan(0);
    expect(agent.status().databases[0]?.state.kind).toBe("offline");

    await world.sandbox.control.clearFaults();
    const [second] = await agent.syncNow(databaseId);
    expect(second).toMatchObject({ minted: 0, updated: minted });
    const linked = [...(await notionRows(world)).values()].filter((row) => row.linkId !== null);
    expect(linked).toHaveLength(minted);
    for (const row of linked) expect(row.qrFileName).toMatch(/^qr-.*\.png$/);
  });

  it("links every row of a database larger than one query can list", async () => {
    await world.close();
    world = await startWorld({ rows: 30, queryResultCap: 7 });
    const { agent, databaseId } = await world.agent();
    await agent.syncNow(databaseId);
    const rows = await notionRows(world);
    const expected = world.seed.rows.filter(
      (r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null,
    );
    for (const seeded of expected) expect(rows.get(seeded.pageId)?.shortUrl).toMatch(/^http/);
    expect((await world.links.changesSince(null)).links).toHaveLength(expected.length);
  });

  it("costs one query request, and writes nothing, when nothing changed", async () => {
    const { agent, databaseId } = await world.agent();
    await agent.syncNow(databaseId);
    await world.sandbox.control.resetRequestLog();
    const [summary] = await agent.syncNow(databaseId);
    const log = await world.sandbox.control.requestLog();
    expect(log.entries.map((e) => e.endpoint)).toEqual(["POST /v1/data_sources/{data_source_id}/query"]);
    expect(summary).toMatchObject({ minted: 0, updated: 0, notionRequests: 1 });
  });
});
