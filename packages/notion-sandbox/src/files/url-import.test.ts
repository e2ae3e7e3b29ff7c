import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { APIResponseError, type Client, isFullPage } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../sandbox";
import { startSandbox } from "../sandbox";
import { sdkClient } from "../testing/sdk-sandbox";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

/**
 * The external host: /qr.png is an image, /slow.png too but its download takes 0.5 s; /gone.png answers HEAD but its
 * download fails; anything else is 404.
 */
let files: Server;
let filesUrl: string;
let sandbox: RunningSandbox;
let notion: Client;
let dataSourceId: string;

beforeAll(async () => {
  files = createServer((request, response) => {
    const image = () => {
      response.writeHead(200, { "Content-Type": "image/png", "Content-Length": String(PNG.length) });
      response.end(request.method === "GET" ? PNG : undefined);
    };
    if (request.url === "/qr.png" || (request.url === "/gone.png" && request.method === "HEAD")) image();
    else if (request.url === "/slow.png") setTimeout(image, request.method === "GET" ? 500 : 0);
    else response.writeHead(404, { "Content-Length": "0" }).end();
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  sandbox = await startSandbox({ rateLimit: false, allowHttpImports: true, allowPrivateImports: true });
  const seed = await sandbox.control.seedWorkspace({ pages: [{ title: "HQ" }] });
  notion = sdkClient(sandbox, seed.token);
  const database = await notion.databases.create({
    parent: { type: "page_id", page_id: seed.pageIds.HQ ?? "" },
    title: [{ text: { content: "Links" } }],
    initial_data_source: { properties: { Title: { title: {} }, QR: { files: {} } } },
  });
  dataSourceId = "data_sources" in database ? (database.data_sources[0]?.id ?? "") : "";
  await notion.pages.create({
    parent: { type: "data_source_id", data_source_id: dataSourceId },
    properties: { Title: { title: [{ text: { content: "Row" } }] } },
  });
});

afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => files.close(resolve));
});

async function settled(id: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const upload = await notion.fileUploads.retrieve({ file_upload_id: id });
    if (upload.status !== "pending") return upload;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`file upload ${id} stayed pending`);
}

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof APIResponseError)) throw new Error("expected Notion to refuse the request");
  return `${error.code}: ${error.message}`;
}

describe("file uploads in external_url mode", () => {
  it("imports the file after answering pending, then attaches it like a sent upload", async () => {
    const upload = await notion.fileUploads.create({
      mode: "external_url",
      external_url: `${filesUrl}/qr.png`,
      filename: "qr.png",
    });
    expect(upload.status).toBe("pending");
    expect(upload.upload_url).toBeUndefined();
    const imported = await settled(upload.id);
    expect([imported.status, imported.content_type, imported.content_length]).toEqual([
      "uploaded",
      "image/png",
      PNG.length,
    ]);
    expect(imported.file_import_result).toMatchObject({ type: "success", success: {} });
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
    expect(Buffer.from(await (await fetch(file.file.url)).arrayBuffer())).toEqual(PNG);
  });

  it("refuses to attach an import still pending, and takes no content for it", async () => {
    const [row] = (await notion.dataSources.query({ data_source_id: dataSourceId, page_size: 1 })).results;
    const upload = await notion.fileUploads.create({
      mode: "external_url",
      external_url: `${filesUrl}/slow.png`,
      filename: "slow.png",
    });
    const attach = notion.pages.update({
      page_id: row?.id ?? "",
      properties: {
        QR: { files: [{ type: "file_upload", file_upload: { id: upload.id }, name: "qr.png" }] },
      },
    });
    expect(await refusal(attach)).toMatch(/^validation_error: .*status "pending"/);
    const send = notion.fileUploads.send({
      file_upload_id: upload.id,
      file: { filename: "qr.png", data: new Blob([PNG], { type: "image/png" }) },
    });
    expect(await refusal(send)).toMatch(/^validation_error: .*external_url/);
    expect((await settled(upload.id)).status).toBe("uploaded");
  });

  it("checks the URL while the create waits: https only, reachable, named with an extension", async () => {
    const strict = await startSandbox({ rateLimit: false });
    try {
      const { token } = await strict.control.createIntegrationToken();
      const create = sdkClient(strict, token).fileUploads.create({
        mode: "external_url",
        external_url: `${filesUrl}/qr.png`,
        filename: "qr.png",
      });
      expect(await refusal(create)).toMatch(/^validation_error: external_url must be an https URL/);
    } finally {
      await strict.close();
    }
    const missing = notion.fileUploads.create({
      mode: "external_url",
      external_url: `${filesUrl}/missing.png`,
      filename: "qr.png",
    });
    expect(await refusal(missing)).toMatch(/^validation_error: external_url is not publicly accessible/);
    const unnamed = notion.fileUploads.create({ mode: "external_url", external_url: `${filesUrl}/qr.png` });
    expect(await refusal(unnamed)).toMatch(/^validation_error: filename with an extension is required/);
  });

  it("marks the upload failed, with the reason, when the download fails after the create", async () => {
    const upload = await notion.fileUploads.create({
      mode: "external_url",
      external_url: `${filesUrl}/gone.png`,
      filename: "gone.png",
    });
    const failed = await settled(upload.id);
    expect(failed.status).toBe("failed");
    expect(failed.file_import_result).toMatchObject({
      type: "error",
      error: { type: "download_error", status_code: 404 },
    });
  });

  it("refuses, as not publicly accessible, a URL on loopback or a private address Notion's servers cannot reach", async () => {
    const notionLike = await startSandbox({ rateLimit: false, allowHttpImports: true });
    try {
      const { token } = await notionLike.control.createIntegrationToken();
      const client = sdkClient(notionLike, token);
      for (const url of [`${filesUrl}/qr.png`, "https://localhost/qr.png", "https://10.1.2.3/qr.png"]) {
        const create = client.fileUploads.create({
          mode: "external_url",
          external_url: url,
          filename: "qr.png",
        });
        expect(await refusal(create)).toMatch(
          /^validation_error: external_url is not publicly accessible: .* is not a public internet address/,
        );
      }
    } finally {
      await notionLike.close();
    }
  });

  it("fails the next imports set by failImportsNext, with a download error, then imports again", async () => {
    await sandbox.control.setFaults({ failImportsNext: { count: 1 } });
    try {
      const create = () =>
        notion.fileUploads.create({
          mode: "external_url",
          external_url: `${filesUrl}/qr.png`,
          filename: "qr.png",
        });
      const failed = await settled((await create()).id);
      expect(failed.status).toBe("failed");
      expect(failed.file_import_result).toMatchObject({ type: "error", error: { type: "download_error" } });
      expect((await settled((await create()).id)).status).toBe("uploaded");
    } finally {
      await sandbox.control.setFaults({});
    }
  });
});
