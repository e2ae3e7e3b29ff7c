import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CampaignSeed, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SecretBox } from "../secrets/secret-box";
import type { Agent } from "./agent-api";
import { createAgent } from "./create-agent";
import type { WebhookAgent } from "./webhook-agent-api";

const API_KEY = "agent-stop-key";

let sandbox: RunningSandbox;
let shortener: RunningShortener;
let seed: CampaignSeed;
let dataDir: string;
let agent: Agent & WebhookAgent;
let databaseId: string;

beforeEach(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  shortener = await startShortener({ apiKey: API_KEY });
  seed = await sandbox.control.seedCampaign({ rows: 2 });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-agent-stop-"));
  agent = createAgent({ dataDir, secretKey: SecretBox.generateKey() });
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: seed.token },
    notionBaseUrl: sandbox.baseUrl,
    requestsPerSecond: 1000,
  });
  databaseId = (
    await agent.attachDatabase({
      connectionId: connection.id,
      dataSourceId: seed.dataSourceId,
      createMissingColumns: true,
      provider: { kind: "linksync-shortener", baseUrl: shortener.url, apiKey: API_KEY },
    })
  ).id;
});
afterEach(async () => {
  await agent.stop();
  await Promise.all([sandbox.close(), shortener.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

describe("stopping the agent", () => {
  it("waits for a row sync a Notion webhook started, so its writes and audit entries are kept", async () => {
    await agent.syncNow(databaseId);
    const [top] = await agent.topLinks(databaseId, 1);
    if (!top) throw new Error("the backfill linked no row");
    await sandbox.control.editPageAsPerson(top.pageId, { Destination: "https://kept.example/after-stop" });

    // Every Notion answer now takes a while, so the row sync is still on the wire when the agent is told to stop.
    await sandbox.control.setFaults({ rules: [{ latencyMs: 150 }] });
    const rowSync = agent.syncRows(databaseId, [top.pageId]);
    await agent.stop();

    await expect(rowSync).resolves.toBeDefined();
    const audit = await readFile(join(dataDir, "audit.jsonl"), "utf8");
    expect(audit).toContain("https://kept.example/after-stop");
  });
});
