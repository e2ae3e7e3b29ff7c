import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Agent,
  type AttachInput,
  type CreateAgentOptions,
  createAgent,
  createLinksyncShortenerProvider,
  type LinkProvider,
  type LinksyncEvent,
  type NotionAuth,
  SecretBox,
} from "@linksync/core";
import {
  type CampaignSeed,
  type RunningSandbox,
  SCENARIO_VISIBILITY_DELAY_MS,
  startSandbox,
} from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";

/** The real sandbox and shortener on loopback, a seeded campaign database, and agents attached to it. */
export interface World {
  readonly sandbox: RunningSandbox;
  readonly shortener: RunningShortener;
  readonly seed: CampaignSeed;
  /** The shortener reached as a third party would (its own API), for edits made outside Notion. */
  readonly links: LinkProvider;
  /** Starts an agent on its own data directory, connected and attached to the campaign database. */
  agent(
    options?: Partial<CreateAgentOptions>,
    attach?: Pick<AttachInput, "qrImages">,
    /** Default: the seeded internal token. */
    auth?: NotionAuth,
  ): Promise<AttachedAgent>;
  close(): Promise<void>;
}

export interface AttachedAgent {
  readonly agent: Agent;
  readonly databaseId: string;
  readonly connectionId: string;
  readonly dataDir: string;
  readonly secretKey: Uint8Array;
  readonly events: LinksyncEvent[];
  /** Stops the agent (the data directory stays for a restart). */
  stop(): Promise<void>;
}

export interface WorldOptions {
  readonly rows?: number;
  /** Sandbox requests per second (default: no limit). */
  readonly rateLimit?: number;
  /** Rows a sandbox query pages through before it says `incomplete` (Notion: about 10,000). */
  readonly queryResultCap?: number;
  /** Keeps the shortener's links in this file, so a test can stop it and start it again. */
  readonly shortenerDataFile?: string;
  /** The agent's scheduler budget (default 1000 req/s: tests are not about pacing unless they say so). */
  readonly requestsPerSecond?: number;
  /** How far the sandbox's (Notion's) clock is from the machine's, in ms. */
  readonly notionClockOffsetMs?: number;
  /**
   * Milliseconds before an edit reaches Notion's query filters. Default `SCENARIO_VISIBILITY_DELAY_MS` (1.5 s):
   * Notion's queries lag its writes, and a scenario must not pass only because our sandbox does not.
   */
  readonly visibilityDelayMs?: number;
  /**
   * Whether the sandbox imports files from the shortener, served over http on loopback (`qrImages: "import"`), as if
   * it were public https; default true. Notion imports from public https URLs only: false plays a shortener Notion
   * cannot reach (its imports refused as not publicly accessible).
   */
  readonly allowHttpImports?: boolean;
}

const API_KEY = "e2e-shortener-key";

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const sandbox = await startSandbox({
    rateLimit: options.rateLimit ? { perSecond: options.rateLimit, burst: options.rateLimit } : false,
    ...(options.queryResultCap !== undefined ? { queryResultCap: options.queryResultCap } : {}),
    ...(options.notionClockOffsetMs !== undefined ? { clockOffsetMs: options.notionClockOffsetMs } : {}),
    visibilityDelayMs: options.visibilityDelayMs ?? SCENARIO_VISIBILITY_DELAY_MS,
    allowHttpImports: options.allowHttpImports ?? true,
    allowPrivateImports: options.allowHttpImports ?? true,
  });
  const shortener = await startShortener({
    apiKey: API_KEY,
    ...(options.shortenerDataFile ? { dataFile: options.shortenerDataFile } : {}),
  });
  const seed = await sandbox.control.seedCampaign({ rows: options.rows ?? 12 });
  const links = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: API_KEY });
  const dirs: string[] = [];
  const agents: Agent[] = [];
  return {
    sandbox,
    shortener,
    seed,
    links,
    async agent(agentOptions = {}, attach = {}, auth = undefined) {
      const dataDir = agentOptions.dataDir ?? (await mkdtemp(join(tmpdir(), "linksync-e2e-")));
      dirs.push(dataDir);
      const secretKey = agentOptions.secretKey ?? SecretBox.generateKey();
      const agent = createAgent({
        dataDir,
        secretKey,
        scheduler: { maxElapsedMs: 2_000, backoff: { initialMs: 20, maxMs: 200 } },
        ...agentOptions,
      });
      agents.push(agent);
      const events: LinksyncEvent[] = [];
      agent.events.onAny((event) => events.push(event));
      const connection = await agent.addConnection({
        auth: auth ?? { kind: "internal", token: seed.token },
        notionBaseUrl: sandbox.baseUrl,
        requestsPerSecond: options.requestsPerSecond ?? 1000,
      });
      const database = await agent.attachDatabase({
        connectionId: connection.id,
        dataSourceId: seed.dataSourceId,
        createMissingColumns: true,
        provider: { kind: "linksync-shortener", baseUrl: shortener.url, apiKey: API_KEY },
        ...attach,
      });
      return {
        agent,
        databaseId: database.id,
        connectionId: connection.id,
        dataDir,
        secretKey,
        events,
        stop: () => agent.stop(),
      };
    },
    async close() {
      await Promise.all(agents.map((a) => a.stop()));
      await Promise.all([sandbox.close(), shortener.close()]);
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}
