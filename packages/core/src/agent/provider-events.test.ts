import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CampaignSeed, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LinksyncEvent } from "../events/events";
import { createLinksyncShortenerProvider } from "../providers/linksync-shortener";
import { SecretBox } from "../secrets/secret-box";
import type { Agent } from "./agent-api";
import { createAgent } from "./create-agent";

const API_KEY = "provider-events-key";

let sandbox: RunningSandbox;
let shortener: RunningShortener;
let seed: CampaignSeed;
let dataDir: string;
let agent: Agent;
let databaseId: string;
let events: LinksyncEvent[];

beforeEach(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  shortener = await startShortener({ apiKey: API_KEY });
  seed = await sandbox.control.seedCampaign({ rows: 3 });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-provider-events-"));
  events = [];
  agent = createAgent({ dataDir, secretKey: SecretBox.generateKey() });
  agent.events.onAny((event) => events.push(event));
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: seed.token },
    notionBaseUrl: sandbox.baseUrl,
    requestsPerSecond: 1000,
  });
  const database = await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: seed.dataSourceId,
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", baseUrl: shortener.url, apiKey: API_KEY },
  });
  databaseId = database.id;
});
afterEach(async () => {
  await agent.stop();
  await Promise.all([sandbox.close(), shortener.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

/** The shortener's recent reported events of one type, once there are `count` of them. */
async function reportedOnce(type: string, count: number): Promise<{ data: Record<string, unknown> }[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const response = await fetch(`${shortener.url}/api/events?type=${type}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const { events: reported } = (await response.json()) as { events: { data: Record<string, unknown> }[] };
    if (reported.length >= count || Date.now() > deadline) return reported;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the agent reports conflicts and pauses to its link provider", () => {
  it("reports a conflict found by a sync once, under the Notion data source id", async () => {
    await agent.syncNow(databaseId);
    const [top] = await agent.topLinks(databaseId, 1);
    if (!top) throw new Error("the backfill linked no row");
    const links = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: API_KEY });
    const link = await links.findByIdempotencyKey(`notion-page:${top.pageId}`);
    await sandbox.control.editPageAsPerson(top.pageId, { Destination: "https://a.example/kept" });
    await links.update(link!.id, { destination: "https://b.example/dropped" }, { source: "zapier" });

    await agent.syncNow(databaseId);
    await agent.syncNow(databaseId);

    const found = events.flatMap((event) => (event.type === "conflict" ? [event.payload] : []));
    expect(found).toHaveLength(1);
    expect(await reportedOnce("conflict", 1)).toEqual([
      expect.objectContaining({ data: { ...found[0], databaseId: seed.dataSourceId } }),
    ]);
  });

  it("reports a paused database with the reason", async () => {
    await agent.pause(databaseId);

    expect(await reportedOnce("sync.paused", 1)).toEqual([
      expect.objectContaining({
        data: {
          databaseId: seed.dataSourceId,
          reason: "user",
          message: "Paused by the user. Resume to sync again.",
          at: expect.any(String),
        },
      }),
    ]);
  });
});
