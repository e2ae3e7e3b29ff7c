import { randomBytes } from "node:crypto";
import { createLinksyncShortenerProvider, createNotionGateway, type Link } from "@linksync/core";
import { type CampaignSeed, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { JobQueue, type RunningShortener, startShortener } from "@linksync/shortener";
import { Gateways, type WorkerPorts } from "../worker/database-run";
import { RunTurns } from "../worker/run-turns";
import { attachServerDatabase, connectServerWorkspace } from "../worker/server-attach";
import { openServerPorts } from "../worker/server-ports";
import { type SyncTimings, syncQueues } from "../worker/sync-worker";
import { openTestSql, type TestSql } from "./test-sql";
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from "./worker-process";

export interface ServerFixtureOptions {
  /** The sandbox's limit per token (Notion's is 3/s with bursts). */
  readonly sandboxRate: { readonly perSecond: number; readonly burst: number };
  /** Each connection's budget across the cluster: a little under the sandbox's limit. */
  readonly budget: { readonly ratePerSecond: number; readonly burst: number };
  readonly timings: SyncTimings;
}

/**
 * A Linksync Server for worker-process tests and the bench: the sandbox limited per token, a real shortener, a
 * fresh PostgreSQL schema, and this process's own view of the sync tables (to connect workspaces, attach databases,
 * queue runs and check the outcome) — it runs no job itself. Workers are real `linksync-server worker` processes.
 */
export class ServerFixture {
  private readonly workers: WorkerProcess[] = [];

  private constructor(
    readonly sandbox: RunningSandbox,
    readonly shortener: RunningShortener,
    readonly db: TestSql,
    readonly serverSecret: string,
    readonly ports: WorkerPorts,
    readonly gateways: Gateways,
    private readonly queue: JobQueue,
    private readonly turns: RunTurns,
    private readonly options: ServerFixtureOptions,
    readonly errors: unknown[],
  ) {}

  static async start(options: ServerFixtureOptions): Promise<ServerFixture> {
    const errors: unknown[] = [];
    const sandbox = await startSandbox({ rateLimit: options.sandboxRate });
    const shortener = await startShortener({ apiKey: `key-${randomBytes(8).toString("hex")}` });
    const db = await openTestSql("postgres");
    const serverSecret = randomBytes(32).toString("base64");
    const ports = await openServerPorts(db.sql, {
      serverSecret,
      notionBaseUrl: sandbox.baseUrl,
      budget: options.budget,
      onError: (error) => errors.push(error),
    });
    // Creates the queues with the test's expiry before any worker does; pg-boss's maintenance is left to the
    // workers (this instance's interval is pg-boss's default, so theirs always come first).
    const queues = syncQueues(options.timings.runExpireSeconds);
    const queue = await JobQueue.start(db.sql, {
      onError: (error) => errors.push(error),
      queues: Object.values(queues),
    });
    return new ServerFixture(
      sandbox,
      shortener,
      db,
      serverSecret,
      ports,
      new Gateways(ports),
      queue,
      new RunTurns(db.sql, queue, queues.database),
      options,
      errors,
    );
  }

  /** A connection on its own integration token (its own Notion budget), seeing the whole workspace. */
  async connect(id: string): Promise<{ readonly token: string; readonly tokenId: string }> {
    const issued = await this.sandbox.control.createIntegrationToken({ name: `Linksync ${id}` });
    await connectServerWorkspace(this.ports, {
      id,
      accountId: "primary",
      workspaceId: "ws-sandbox",
      workspaceName: "Sandbox",
      token: issued.token,
      providerBaseUrl: this.shortener.url,
      providerApiKey: this.shortener.apiKey,
    });
    return issued;
  }

  async attach(id: string, connectionId: string, seed: CampaignSeed): Promise<void> {
    await attachServerDatabase(this.ports, this.gateways, {
      id,
      connectionId,
      dataSourceId: seed.dataSourceId,
      createMissingColumns: true,
    });
  }

  /** Queues a run of the database at its connection's next turn, as the workers' "Sync now" does. */
  async syncNow(databaseId: string): Promise<void> {
    const database = await this.ports.databases.get(databaseId);
    if (database === null) throw new Error(`${databaseId} is not attached`);
    await this.turns.add(database.id, database.connectionId);
  }

  async startWorker(name: string, env: Readonly<Record<string, string>> = {}): Promise<WorkerProcess> {
    const { postgres } = this.db;
    const { timings, budget } = this.options;
    const worker = await startWorkerProcess({
      name,
      databaseUrl: postgres!.databaseUrl,
      databaseSchema: postgres!.databaseSchema,
      serverSecret: this.serverSecret,
      env: {
        LINKSYNC_NOTION_API_URL: this.sandbox.baseUrl,
        LINKSYNC_NOTION_RATE: String(budget.ratePerSecond),
        LINKSYNC_NOTION_BURST: String(budget.burst),
        LINKSYNC_RUN_EXPIRE_SECONDS: String(timings.runExpireSeconds),
        LINKSYNC_EXPIRY_CHECK_SECONDS: String(timings.expiryCheckSeconds),
        LINKSYNC_BUSY_RETRY_MS: String(timings.busyRetryMs),
        LINKSYNC_STOP_TIMEOUT_MS: String(timings.stopTimeoutMs),
        ...env,
      },
    });
    this.workers.push(worker);
    return worker;
  }

  /** Every link the shortener holds. */
  async links(): Promise<Link[]> {
    const provider = createLinksyncShortenerProvider({
      baseUrl: this.shortener.url,
      apiKey: this.shortener.apiKey,
    });
    const all: Link[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await provider.changesSince(cursor);
      all.push(...page.links);
      if (page.links.length === 0 || page.cursor === cursor) return all;
      cursor = page.cursor;
    }
  }

  /**
   * The database's clean state, as a list of what is wrong (empty when clean): every Live row with a valid
   * Destination has a Short URL in Notion and exactly one snapshot, no two rows share a link, nothing is left in the
   * database's outbox, and it is not paused.
   */
  async problems(databaseId: string, connectionId: string, seed: CampaignSeed): Promise<string[]> {
    const problems: string[] = [];
    const key = { connectionId, dataSourceId: seed.dataSourceId };
    const state = await this.ports.store.getDatabase(key);
    if (state?.lastSyncAt === undefined) problems.push(`${databaseId}: never synced`);
    if (state?.paused) problems.push(`${databaseId}: paused (${state.paused.reason})`);
    const snapshots = await this.ports.store.snapshots(key);
    const linkable = seed.rows.filter(
      (row) => !row.badDestination && row.shortUrl === null && row.sync === "Live",
    );
    const linkIds = [...snapshots.values()].map((s) => s.linkId);
    if (new Set(linkIds).size !== linkIds.length) problems.push(`${databaseId}: two rows share a link`);
    // Read with the seed's own token, so checking adds nothing to the connection's measured requests.
    const notion = createNotionGateway({ auth: seed.token, baseUrl: this.sandbox.baseUrl });
    for (const row of linkable) {
      if (!snapshots.has(row.pageId)) problems.push(`${databaseId}: row ${row.pageId} has no snapshot`);
      const shortUrl = (await notion.retrievePage(row.pageId)).properties["Short URL"];
      if (!(shortUrl?.type === "url" && shortUrl.url?.startsWith("http"))) {
        problems.push(`${databaseId}: row ${row.pageId} has no Short URL in Notion`);
      }
    }
    const { rows } = await this.db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sync_outbox WHERE scope = $1",
      [`${connectionId}/${seed.dataSourceId}`],
    );
    if ((rows[0]?.n ?? 0) > 0) problems.push(`${databaseId}: ${rows[0]?.n} intents left in the outbox`);
    return problems;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => stopWorkerProcess(worker, "SIGKILL")));
    await this.queue.stop();
    await this.db.drop();
    await Promise.all([this.sandbox.close(), this.shortener.close()]);
  }
}
