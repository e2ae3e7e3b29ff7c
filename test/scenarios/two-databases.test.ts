import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Agent, createAgent, SecretBox } from "@linksync/core";
import { CAMPAIGN_PROPERTIES, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let sandbox: RunningSandbox;
let shortener: RunningShortener;
let dataDir: string;
let agent: Agent;

beforeEach(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  shortener = await startShortener({ apiKey: "two-databases-key" });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-two-db-"));
});
afterEach(async () => {
  await agent.stop();
  await Promise.all([sandbox.close(), shortener.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

const rows = (prefix: string) =>
  Array.from({ length: 4 }, (_, i) => ({
    Name: `${prefix} ${i}`,
    Destination: `https://shop.example.com/${prefix}/${i}`,
    Sync: "Live",
  }));

describe("one connection, two databases", () => {
  it("syncs both through the connection's one scheduler, each with its own state", async () => {
    const seeded = await sandbox.control.seedWorkspace({
      workspaceName: "Acme Marketing",
      pages: [{ title: "Campaigns" }],
      databases: [
        { title: "Spring", properties: CAMPAIGN_PROPERTIES, rows: rows("spring") },
        { title: "Autumn", properties: CAMPAIGN_PROPERTIES, rows: rows("autumn") },
      ],
    });
    agent = createAgent({ dataDir, secretKey: SecretBox.generateKey() });
    const connection = await agent.addConnection({
      auth: { kind: "internal", token: seeded.token },
      notionBaseUrl: sandbox.baseUrl,
      requestsPerSecond: 1000,
    });
    const provider = {
      kind: "linksync-shortener" as const,
      baseUrl: shortener.url,
      apiKey: shortener.apiKey,
    };
    for (const database of Object.values(seeded.databases)) {
      await agent.attachDatabase({
        connectionId: connection.id,
        dataSourceId: database.dataSourceId,
        createMissingColumns: true,
        provider,
      });
    }
    const summaries = await agent.syncNow();
    expect(summaries.map((s) => s.minted)).toEqual([4, 4]);
    const status = agent.status();
    expect(status.connections).toHaveLength(1);
    expect(status.databases.map((d) => [d.title, d.linked])).toEqual([
      ["Spring", 4],
      ["Autumn", 4],
    ]);
  });
});
