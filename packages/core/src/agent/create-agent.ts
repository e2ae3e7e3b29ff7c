import { type Clock, systemClock } from "../clock/clock";
import { CLICKS_REFRESH_INTERVAL_MS } from "../engine/clicks-refresh";
import { isRevoked } from "../engine/failures";
import { EventBus } from "../events/events";
import type { FieldMap, FieldRole } from "../fields/field-map";
import { type ImportSummary, importCsvIntoDatabase } from "../import/database-import";
import { type ImportPreview, previewImport as previewCsv } from "../import/import-preview";
import type { ChangeSource } from "../providers/link-provider";
import type { NotionWebhookEvent } from "../webhooks/notion-event";
import type { WebhookInput } from "../webhooks/outgoing-webhook";
import type {
  Agent,
  AgentStatus,
  AttachInput,
  ClickStat,
  ClicksPoint,
  ConnectionInput,
  ConnectionSummary,
  CreateDatabaseInput,
  CycleSummary,
  DatabaseCandidate,
  DatabaseSummary,
  FieldMapReport,
  LinkTarget,
  ProviderConfig,
  UpdateDestinationResult,
} from "./agent-api";
import type { CreateAgentOptions } from "./agent-options";
import type { AgentStores } from "./agent-stores";
import {
  type ConnectionChangeHost,
  connectWorkspace,
  disconnectWorkspace,
  stopRevokedConnection,
} from "./connection-changes";
import { Connections } from "./connections";
import { DataDirectory } from "./data-directory";
import { forceResync, pauseByUser, resumeByUser } from "./database-controls";
import { addRoleColumn, inspectDataSource, searchDataSources } from "./database-inspection";
import type { DatabaseRunner } from "./database-runner";
import { Databases } from "./databases";
import { routeNotionEvent } from "./notion-events";
import { NotionWebhookTokens } from "./notion-webhook-tokens";
import { writeOutsideDestination } from "./outside-writes";
import { routeReports } from "./provider-reports";
import { topLinks } from "./top-links";
import type { WebhookAgent } from "./webhook-agent-api";

export type { CreateAgentOptions } from "./agent-options";
export { DEFAULT_POLL_INTERVAL_MS } from "./databases";

/** The engine host every surface drives: see `Agent`. */
export function createAgent(options: CreateAgentOptions): Agent & WebhookAgent {
  return new LinksyncAgent(options);
}

/**
 * A thin facade: connections (`Connections`), attached databases and their runners (`Databases`), the data
 * directory (`DataDirectory`), the user's pause and re-sync (database-controls) and where conflicts and pauses are
 * reported (`routeReports`) each live in their module.
 */
class LinksyncAgent implements Agent, WebhookAgent {
  readonly events = new EventBus();
  private readonly clock: Clock;
  private readonly connections: Connections;
  private readonly databases: Databases;
  private readonly dataDir: DataDirectory;
  private started = false;

  constructor(options: CreateAgentOptions) {
    this.clock = options.clock ?? systemClock;
    this.connections = new Connections({
      events: this.events,
      clock: this.clock,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      ...(options.notionVersion ? { notionVersion: options.notionVersion } : {}),
    });
    this.databases = new Databases({
      events: this.events,
      clock: this.clock,
      connections: this.connections,
      clicksIntervalMs: options.clicksIntervalMs ?? CLICKS_REFRESH_INTERVAL_MS,
      ...(options.providerFactory ? { providerFactory: options.providerFactory } : {}),
      ...(options.rowsInFlight !== undefined ? { rowsInFlight: options.rowsInFlight } : {}),
      ...(options.overlapMs !== undefined ? { overlapMs: options.overlapMs } : {}),
      ...(options.crashHook ? { crashHook: options.crashHook } : {}),
      onFailure: (connectionId, error) => this.onRunFailure(connectionId, error),
    });
    this.dataDir = new DataDirectory(
      { ...options, clock: this.clock, events: this.events },
      async (stores) => {
        const stopReports = routeReports(this.events, stores.inbox, (id) => this.databases.find(id));
        this.connections.restore(await stores.state.listConnections(), stores);
        await this.databases.restore(stores);
        return stopReports;
      },
    );
  }

  async open(): Promise<void> {
    await this.stores();
  }

  async start(): Promise<void> {
    const stores = await this.stores();
    this.started = true;
    await this.databases.startAll(stores);
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.databases.closeAll();
    await this.dataDir.close();
    this.connections.clear();
  }

  async addConnection(input: ConnectionInput): Promise<ConnectionSummary> {
    return connectWorkspace(await this.changeHost(), input, this.started);
  }

  async removeConnection(connectionId: string): Promise<void> {
    await disconnectWorkspace(await this.changeHost(), connectionId);
  }

  searchDatabases(connectionId: string, query: string): Promise<readonly DatabaseCandidate[]> {
    return searchDataSources(this.connections.connected(connectionId).gateway, query);
  }

  inspectDatabase(
    connectionId: string,
    dataSourceId: string,
    fieldMap?: Partial<FieldMap>,
  ): Promise<FieldMapReport> {
    return inspectDataSource(this.connections.connected(connectionId).gateway, dataSourceId, fieldMap);
  }

  async attachDatabase(input: AttachInput): Promise<DatabaseSummary> {
    return this.scheduled(await this.databases.attach(input, await this.stores()));
  }

  async createDatabase(input: CreateDatabaseInput): Promise<DatabaseSummary> {
    return this.scheduled(await this.databases.create(input, await this.stores()));
  }

  async detachDatabase(databaseId: string): Promise<void> {
    await this.databases.detach(databaseId, await this.stores());
  }

  addColumn(connectionId: string, dataSourceId: string, role: FieldRole): Promise<FieldMapReport> {
    return addRoleColumn(this.connections.connected(connectionId).gateway, dataSourceId, role);
  }

  async updateProvider(connectionId: string, provider: ProviderConfig): Promise<void> {
    await this.databases.reprovide(connectionId, provider, await this.stores(), this.started);
  }

  async remapDatabase(
    databaseId: string,
    fieldMap: Partial<FieldMap>,
    createMissingColumns: boolean,
  ): Promise<DatabaseSummary> {
    const stores = await this.stores();
    return this.scheduled(await this.databases.remap(databaseId, fieldMap, createMissingColumns, stores));
  }

  async syncNow(databaseId?: string): Promise<readonly CycleSummary[]> {
    await this.stores();
    const runners = databaseId === undefined ? this.databases.all() : [this.databases.get(databaseId)];
    return Promise.all(runners.map((r) => r.run()));
  }

  pause(databaseId: string): Promise<void> {
    return pauseByUser(this.databases.get(databaseId));
  }

  resume(databaseId: string): Promise<void> {
    return resumeByUser(this.databases.get(databaseId));
  }

  forceResync(databaseId: string): Promise<void> {
    return forceResync(this.databases.get(databaseId));
  }

  syncRows(databaseId: string, pageIds: readonly string[]) {
    return this.databases.get(databaseId).syncRows(pageIds);
  }

  async notionWebhookToken(): Promise<string | null> {
    return new NotionWebhookTokens((await this.stores()).vault).proved();
  }

  async notionWebhookCandidates(): Promise<readonly string[]> {
    return new NotionWebhookTokens((await this.stores()).vault).candidates();
  }

  async addNotionWebhookCandidate(token: string): Promise<void> {
    await new NotionWebhookTokens((await this.stores()).vault).addCandidate(token);
  }

  async confirmNotionWebhookToken(token: string): Promise<void> {
    await new NotionWebhookTokens((await this.stores()).vault).confirm(token);
  }

  async forgetNotionWebhookToken(): Promise<void> {
    await new NotionWebhookTokens((await this.stores()).vault).forget();
  }

  /** A connection's id is built from its bot's user id (`Connections.add`), the author of the bot's own edits. */
  notionBotIds(): readonly string[] {
    return this.connections.ids().map((id) => id.slice("notion-".length));
  }

  async handleNotionEvent(event: NotionWebhookEvent) {
    await this.stores();
    return routeNotionEvent(event, this.databases.all(), this.notionBotIds(), (id, error) =>
      this.onRunFailure(id, error),
    );
  }

  async addWebhook(input: WebhookInput) {
    return (await this.stores()).webhooks.add(input);
  }

  listWebhooks() {
    return this.dataDir.opened?.webhooks.list() ?? [];
  }

  async removeWebhook(webhookId: string): Promise<void> {
    await (await this.stores()).webhooks.remove(webhookId);
  }

  async resumeWebhook(webhookId: string): Promise<void> {
    await (await this.stores()).webhooks.resume(webhookId);
  }

  webhookDeliveries(webhookId: string) {
    return this.dataDir.require().webhooks.deliveries(webhookId);
  }

  async updateDestination(
    databaseId: string,
    target: LinkTarget,
    url: string,
    source: ChangeSource,
  ): Promise<UpdateDestinationResult> {
    const runner = this.databases.get(databaseId);
    return this.outsideRun(runner, () =>
      writeOutsideDestination(runner.ctx, target, url, source, () => runner.pending),
    );
  }

  async previewImport(databaseId: string, csvText: string): Promise<ImportPreview> {
    return previewCsv(csvText, this.databases.get(databaseId).ctx.fieldMap);
  }

  async importCsv(databaseId: string, csvText: string): Promise<ImportSummary> {
    const runner = this.databases.get(databaseId);
    return runner.importing(() => this.outsideRun(runner, () => importCsvIntoDatabase(runner.ctx, csvText)));
  }

  status(): AgentStatus {
    const databases = this.databases.all().map((r) => this.summaryOf(r));
    return {
      connections: this.connections.summaries(),
      databases,
      unreadConflicts: this.dataDir.opened?.inbox.unread ?? 0,
      pendingWrites: databases.reduce((sum, d) => sum + d.pendingWrites, 0),
    };
  }

  conflicts() {
    return this.dataDir.opened?.inbox.list() ?? [];
  }

  async acknowledgeConflict(conflictId: string): Promise<void> {
    await (await this.stores()).inbox.acknowledge(conflictId);
  }

  topLinks(databaseId: string, limit: number): Promise<readonly ClickStat[]> {
    return topLinks(this.databases.get(databaseId).ctx, limit);
  }

  async clicksOverTime(databaseId: string): Promise<readonly ClicksPoint[]> {
    const { ctx } = this.databases.get(databaseId);
    return (await ctx.store.getDatabase(ctx.key))?.clicksHistory ?? [];
  }

  private stores(): Promise<AgentStores> {
    return this.dataDir.stores();
  }

  /** A revoked token stops its connection (connection-changes.ts); any other failure is left to the caller. */
  private async onRunFailure(connectionId: string, error: unknown): Promise<void> {
    if (!isRevoked(error)) return;
    await stopRevokedConnection(await this.changeHost(), connectionId);
  }

  private async changeHost(): Promise<ConnectionChangeHost> {
    const { clock, events, connections, databases } = this;
    return { stores: await this.stores(), clock, events, connections, databases };
  }

  /** Work on a database outside its runs: a revoked token stops the connection as in a run, then the error is thrown. */
  private async outsideRun<T>(runner: DatabaseRunner, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await this.onRunFailure(runner.ctx.key.connectionId, error);
      throw error;
    }
  }

  /** A database just attached or created: scheduled when the agent runs, and summarized. */
  private scheduled(runner: DatabaseRunner): DatabaseSummary {
    if (this.started) runner.start();
    return this.summaryOf(runner);
  }

  private summaryOf(runner: DatabaseRunner): DatabaseSummary {
    return this.databases.summary(runner, this.dataDir.require().settings.get(runner.ctx.databaseId));
  }
}
