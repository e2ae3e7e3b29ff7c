import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Agent,
  createAgent,
  createLinksyncShortenerProvider,
  type LinkProvider,
  type ProviderConfig,
  SecretBox,
} from "@linksync/core";
import { type CampaignSeed, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";

/**
 * The embedded default: a Notion sandbox seeded with the "Spring Campaign" database, the Linksync shortener, and an
 * agent connected and attached to them, all on loopback. No account needed; everything lives in a temp directory.
 */
export interface EmbeddedStack {
  readonly sandbox: RunningSandbox;
  readonly shortener: RunningShortener;
  readonly seed: CampaignSeed;
  readonly agent: Agent;
  readonly dataDir: string;
  readonly databaseId: string;
  readonly provider: ProviderConfig;
  /** The shortener reached through its own API, as an outside editor (a Zap, its UI) would. */
  readonly links: LinkProvider;
  readonly createdColumns: readonly string[];
  close(): Promise<void>;
}

export interface EmbeddedStackOptions {
  readonly rows: number;
  /** The sandbox's per-token limit; the agent budgets slightly under it, as it would against Notion's 3 req/s. */
  readonly notionRequestsPerSecond: number;
  readonly pollIntervalMs: number;
}

export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const limit = options.notionRequestsPerSecond;
  const sandbox = await startSandbox({
    rateLimit: { perSecond: limit, burst: Math.max(3, Math.round(limit / 5)) },
  });
  const apiKey = `demo-${SecretBox.generateKey().toString("hex").slice(0, 24)}`;
  const shortener = await startShortener({ apiKey });
  const seed = await sandbox.control.seedCampaign({ rows: options.rows });
  const dataDir = await mkdtemp(join(tmpdir(), "linksync-demo-"));
  // Clicks are refreshed on every run here (5 minutes by default) so the demo shows them at once.
  const agent = createAgent({ dataDir, secretKey: SecretBox.generateKey(), clicksIntervalMs: 0 });
  const provider: ProviderConfig = { kind: "linksync-shortener", baseUrl: shortener.url, apiKey };
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: seed.token },
    notionBaseUrl: sandbox.baseUrl,
    requestsPerSecond: Math.max(1, Math.floor(limit * 0.95)),
    label: "Demo workspace",
  });
  const report = await agent.inspectDatabase(connection.id, seed.dataSourceId);
  const database = await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: seed.dataSourceId,
    createMissingColumns: true,
    provider,
    pollIntervalMs: options.pollIntervalMs,
  });
  return {
    sandbox,
    shortener,
    seed,
    agent,
    dataDir,
    databaseId: database.id,
    provider,
    links: createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey }),
    createdColumns: report.missing,
    async close() {
      await agent.stop();
      await Promise.all([sandbox.close(), shortener.close()]);
    },
  };
}
