import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Agent, DatabaseSummary } from "../agent/agent-api";
import { createAgent } from "../agent/create-agent";
import { AUDIT_FILE_NAME, AuditLog } from "../audit/audit-log";
import type { LinksyncEvents } from "../events/events";
import { type LiveServices, startLiveServices } from "../operations/operations.fixture";

let live: LiveServices;
let dataDir: string;
let agent: Agent;
let database: DatabaseSummary;

beforeEach(async () => {
  live = await startLiveServices();
  dataDir = await mkdtemp(join(tmpdir(), "linksync-import-"));
  agent = createAgent({ dataDir, secretKey: new Uint8Array(32).fill(7) });
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: live.token },
    notionBaseUrl: live.sandbox.baseUrl,
    requestsPerSecond: 200,
  });
  database = await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: live.dataSourceId,
    createMissingColumns: false,
    provider: { kind: "linksync-shortener", baseUrl: live.shortener.url, apiKey: live.shortener.apiKey },
  });
});

afterEach(async () => {
  await agent.stop();
  await live.close();
  await rm(dataDir, { recursive: true, force: true });
});

const FILE = "Name,Destination,Tags\nSpring,https://shop.example/spring,spring\nBroken,ftp://x.example/f,\n";

describe("Agent.previewImport and Agent.importCsv", () => {
  it("previews with the database's column names, writing nothing", async () => {
    const preview = await agent.previewImport(database.id, FILE);
    expect(preview.rows.map((r) => [r.line, r.title, r.errors.map((e) => e.code)])).toEqual([
      [2, "Spring", []],
      [3, "Broken", ["destination_unsupported_scheme"]],
    ]);
    expect(
      (await live.sandbox.control.snapshot()).pages.filter((p) => p.parent.type === "data_source"),
    ).toEqual([]);
  });

  it("imports with progress events, link.created and an audit entry for each write; again creates nothing", async () => {
    const progress: LinksyncEvents["sync.progress"][] = [];
    const created: LinksyncEvents["link.created"][] = [];
    agent.events.on("sync.progress", (event) => progress.push(event));
    agent.events.on("link.created", (event) => created.push(event));

    const summary = await agent.importCsv(database.id, FILE);
    expect(summary).toMatchObject({
      created: 1,
      existing: 0,
      failed: [{ line: 3, title: "Broken", message: expect.stringContaining('"ftp:"') }],
    });
    expect(progress.map((p) => [p.phase, p.done, p.total])).toEqual([
      ["import", 1, 2],
      ["import", 2, 2],
    ]);
    expect(created).toEqual([
      expect.objectContaining({
        databaseId: database.id,
        title: "Spring",
        destination: "https://shop.example/spring",
      }),
    ]);
    expect(agent.status().databases[0]?.state.kind).toBe("idle");

    const audit = await AuditLog.open(join(dataDir, AUDIT_FILE_NAME));
    const writes = await audit.query({ kind: "write", databaseId: database.id });
    await audit.close();
    expect(writes.map((w) => (w.kind === "write" ? [w.target, w.column, w.to, w.source] : []))).toEqual([
      ["notion", "Destination", "https://shop.example/spring", "user"],
      ["provider", "link", created[0]?.shortUrl, "user"],
      ["notion", "Short URL", created[0]?.shortUrl, "user"],
    ]);

    const again = await agent.importCsv(database.id, FILE);
    expect(again).toMatchObject({ created: 0, existing: 1 });
    expect(created).toHaveLength(1);
  });

  it("stops at a token Notion revoked and disconnects the workspace, instead of failing row after row", async () => {
    await live.sandbox.control.revokeToken(live.token);
    await expect(agent.importCsv(database.id, FILE)).rejects.toMatchObject({ code: "unauthorized" });
    expect(agent.status().connections[0]?.state).toBe("revoked");
  });

  it("refuses a file without a destination column before writing anything", async () => {
    await expect(agent.importCsv(database.id, "title,url\nA,https://x.example\n")).rejects.toMatchObject({
      name: "ImportError",
      code: "import_file_invalid",
      message: expect.stringContaining("destination is missing"),
    });
    expect((await live.context().provider.changesSince(null)).links).toEqual([]);
  });
});
