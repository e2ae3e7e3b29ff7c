import { join } from "node:path";
import { DEFAULT_WEBHOOK_RETRY_POLICY, type WebhookRetryPolicy } from "@linksync/webhook-protocol";
import { type DataSourceObjectResponse, isFullDataSource } from "@notionhq/client";
import { AuditLog } from "../audit/audit-log";
import { type Clock, systemClock } from "../clock/clock";
import { CLICKS_REFRESH_INTERVAL_MS } from "../engine/clicks-refresh";
import type { DatabaseContext } from "../engine/database-context";
import { isRevoked, isTransient } from "../engine/failures";
import { GatewayNotionTable } from "../engine/gateway-notion-table";
import { operationContext, reportConflict } from "../engine/plan-execution";
import { resumeDatabase } from "../engine/schema-guard";
import { EventBus } from "../events/events";
import { defaultFieldMap, type FieldMap } from "../fields/field-map";
import { type ImportSummary, importCsvIntoDatabase } from "../import/database-import";
import { type ImportPreview, previewImport as previewCsv } from "../import/import-preview";
import { createNotionGateway, type NotionGateway } from "../notion/gateway";
import { updateDestination as applyDestination } from "../operations/update-destination";
import { Outbox } from "../outbox/outbox";
import type { ChangeSource, LinkProvider, ProviderEvent } from "../providers/link-provider";
import { createLinksyncShortenerProvider } from "../providers/linksync-shortener";
import { publishEventBestEffort } from "../providers/publish-event";
import type { SchedulerTuning } from "../scheduling/request-scheduler";
import { planAttach } from "../schema/attach";
import { titleColumn } from "../schema/columns";
import { createModeProperties } from "../schema/create";
import { columnIds } from "../schema/drift";
import { validateFieldMap } from "../schema/validate-field-map";
import { SecretBox } from "../secrets/secret-box";
import { SecretVault } from "../secrets/secret-vault";
import { ensurePrivateDirectory } from "../store/durable-file";
import { LowdbStateStore } from "../store/lowdb-state-store";
import { type ConnectionRecord, type DatabaseKey, databaseKeyId } from "../store/state-store";
import type { NotionWebhookEvent } from "../webhooks/notion-event";
import type { WebhookInput } from "../webhooks/outgoing-webhook";
import { OutgoingWebhooks } from "../webhooks/outgoing-webhooks";
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
import { AgentError } from "./agent-error";
import { ConflictInbox } from "./conflict-inbox";
import { DatabaseRunner } from "./database-runner";
import { type DatabaseSettings, DatabaseSettingsFile } from "./database-settings";
import { routeNotionEvent } from "./notion-events";
import type { WebhookAgent } from "./webhook-agent-api";

export const DEFAULT_POLL_INTERVAL_MS = 5 * 60_000;

export interface CreateAgentOptions {
  /** Where the agent keeps its state, outbox, audit log, conflicts inbox and encrypted secrets. */
  readonly dataDir: string;
  /** 32 bytes that encrypt tokens and API keys at rest (desktop: from safeStorage; headless: a 0600 key file). */
  readonly secretKey: Uint8Array;
  /**
   * Drives schedules, watermarks and timestamps (a fake clock runs the poll loop in tests). Request pacing and
   * back-off always run on real time: they pace real network calls.
   */
  readonly clock?: Clock;
  /** Builds a database's link provider; default: the Linksync shortener adapter. */
  readonly providerFactory?: (config: ProviderConfig) => LinkProvider;
  /** Scheduler tuning for every connection (tests shorten the give-up time of an offline request). */
  readonly scheduler?: SchedulerTuning;
  readonly clicksIntervalMs?: number;
  /** Rows worked on at once per database; default scales with the connection's rate. */
  readonly rowsInFlight?: number;
  readonly overlapMs?: number;
  /** Retries and auto-pause of the outgoing webhooks (tests shorten them). */
  readonly webhookPolicy?: WebhookRetryPolicy;
  /** A failure of the outgoing webhooks' own bookkeeping (their file could not be written); default: stderr. */
  readonly onWebhookError?: (error: unknown) => void;
}

interface ConnectionRuntime {
  record: ConnectionRecord;
  readonly gateway: NotionGateway;
  readonly label: string;
}

/** The engine host every surface drives: see `Agent`. */
export function createAgent(options: CreateAgentOptions): Agent & WebhookAgent {
  return new LinksyncAgent(options);
}

class LinksyncAgent implements Agent, WebhookAgent {
  readonly events = new EventBus();
  private readonly clock: Clock;
  private readonly connections = new Map<string, ConnectionRuntime>();
  private readonly runners = new Map<string, DatabaseRunner>();
  private opened: Promise<Stores> | null = null;
  /** The same stores once open, for the synchronous reads (`status`, `conflicts`). */
  private storesValue: Stores | null = null;
  private started = false;

  constructor(private readonly options: CreateAgentOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async open(): Promise<void> {
    await this.stores();
  }

  async start(): Promise<void> {
    await this.stores();
    this.started = true;
    for (const runner of this.runners.values()) runner.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    if (!this.opened) return;
    const stores = await this.opened;
    await stores.inbox.flush();
    await stores.webhooks.close();
    await Promise.all([stores.state.close(), stores.outbox.close(), stores.audit.close()]);
    this.opened = null;
    this.storesValue = null;
    this.connections.clear();
    this.runners.clear();
  }

  async addConnection(input: ConnectionInput): Promise<ConnectionSummary> {
    const stores = await this.stores();
    const token = input.auth.kind === "internal" ? input.auth.token : input.auth.accessToken;
    const probe = this.gatewayFor("probe", token, input.notionBaseUrl, input.requestsPerSecond);
    const me = await probe.me({ priority: "interactive" });
    const workspaceName =
      input.auth.kind === "oauth"
        ? input.auth.workspaceName
        : (me.type === "bot" && me.bot.workspace_name) || "Notion";
    const id = `notion-${me.id}`;
    const now = new Date(this.clock.now()).toISOString();
    await stores.vault.set(notionSecret(id), token);
    const record: ConnectionRecord = {
      id,
      workspaceId: input.auth.kind === "oauth" ? input.auth.workspaceId : me.id,
      workspaceName,
      secretName: notionSecret(id),
      providerKind: "linksync-shortener",
      providerSecretName: null,
      providerOptions: {
        notionBaseUrl: input.notionBaseUrl ?? "",
        requestsPerSecond: String(input.requestsPerSecond ?? 3),
        label: input.label ?? workspaceName,
      },
      status: "connected",
      connectedAt: now,
      updatedAt: now,
    };
    await stores.state.putConnection(record);
    this.openConnection(record, token);
    await this.reopenDatabases(stores, id);
    await stores.audit.append({
      kind: "connection",
      at: now,
      connectionId: id,
      databaseId: null,
      change: "connected",
      reason: `connected to workspace ${workspaceName}`,
    });
    return connectionSummary(record);
  }

  async removeConnection(connectionId: string): Promise<void> {
    const stores = await this.stores();
    for (const [id, runner] of this.runners) {
      if (runner.ctx.key.connectionId !== connectionId) continue;
      await runner.stop();
      this.runners.delete(id);
      await stores.settings.remove(id);
    }
    await stores.vault.delete(notionSecret(connectionId));
    await stores.vault.delete(providerSecret(connectionId));
    await stores.state.removeConnection(connectionId);
    this.connections.delete(connectionId);
    await stores.audit.append({
      kind: "connection",
      at: new Date(this.clock.now()).toISOString(),
      connectionId,
      databaseId: null,
      change: "disconnected",
      reason: "removed by the user",
    });
  }

  async searchDatabases(connectionId: string, query: string): Promise<readonly DatabaseCandidate[]> {
    const { gateway } = this.connection(connectionId);
    const found: DatabaseCandidate[] = [];
    for await (const result of gateway.search(
      { query, filter: { property: "object", value: "data_source" } },
      { priority: "interactive" },
    )) {
      if (isFullDataSource(result)) found.push(candidateOf(result));
    }
    return found;
  }

  async inspectDatabase(
    connectionId: string,
    dataSourceId: string,
    fieldMap?: Partial<FieldMap>,
  ): Promise<FieldMapReport> {
    const { gateway } = this.connection(connectionId);
    const dataSource = await gateway.retrieveDataSource(dataSourceId, { priority: "interactive" });
    const map = resolveFieldMap(dataSource, fieldMap);
    const check = validateFieldMap(dataSource, map);
    return {
      dataSourceId,
      title: plainTitle(dataSource),
      columns: Object.values(dataSource.properties).map((p) => ({ name: p.name, type: p.type })),
      fieldMap: map,
      errors: check.ok ? [] : check.errors.map((e) => ({ column: e.column, message: e.message })),
      missing: check.missing.map((m) => m.column),
    };
  }

  async attachDatabase(input: AttachInput): Promise<DatabaseSummary> {
    const stores = await this.stores();
    const connection = this.connection(input.connectionId);
    const { gateway } = connection;
    let dataSource = await gateway.retrieveDataSource(input.dataSourceId, { priority: "interactive" });
    const fieldMap = resolveFieldMap(dataSource, input.fieldMap);
    const plan = planAttach(dataSource, fieldMap);
    if (!plan.ok) {
      throw new AgentError("field_map_invalid", plan.errors.map((e) => e.message).join(" "));
    }
    if (plan.missing.length > 0) {
      if (!input.createMissingColumns) {
        throw new AgentError(
          "columns_missing",
          `The database lacks Linksync's columns ${plan.missing.map((m) => `"${m.column}"`).join(", ")}. Consent to create them, or map existing columns.`,
        );
      }
      dataSource = await gateway.updateDataSource(
        { data_source_id: input.dataSourceId, properties: { ...plan.properties } },
        { priority: "interactive" },
      );
    }
    await this.saveProvider(connection, input.provider);
    const key: DatabaseKey = { connectionId: input.connectionId, dataSourceId: input.dataSourceId };
    const id = databaseKeyId(key);
    await stores.state.updateDatabase(key, { title: plainTitle(dataSource), fieldMap });
    const settings: DatabaseSettings = {
      id,
      connectionId: input.connectionId,
      dataSourceId: input.dataSourceId,
      databaseId:
        dataSource.parent.type === "database_id" ? dataSource.parent.database_id : input.dataSourceId,
      title: plainTitle(dataSource),
      url: dataSource.url,
      pollIntervalMs: input.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      columnIds: columnIds(dataSource, fieldMap),
    };
    await stores.settings.put(settings);
    const runner = await this.openDatabase(stores, settings);
    if (this.started) runner.start();
    return this.summaryOf(runner);
  }

  async createDatabase(input: CreateDatabaseInput): Promise<DatabaseSummary> {
    const { gateway } = this.connection(input.connectionId);
    const plan = createModeProperties(defaultFieldMap(), input.title);
    if (!plan.ok) throw new AgentError("field_map_invalid", plan.errors.map((e) => e.message).join(" "));
    const database = await gateway.createDatabase(
      {
        parent: { type: "page_id", page_id: input.parentPageId },
        title: [{ type: "text", text: { content: plan.title } }],
        initial_data_source: { properties: { ...plan.properties } },
      },
      { priority: "interactive" },
    );
    const dataSourceId = database.data_sources[0]?.id;
    if (!dataSourceId)
      throw new AgentError("not_a_database", "Notion created the database without a data source.");
    return this.attachDatabase({
      connectionId: input.connectionId,
      dataSourceId,
      createMissingColumns: true,
      provider: input.provider,
      ...(input.pollIntervalMs !== undefined ? { pollIntervalMs: input.pollIntervalMs } : {}),
    });
  }

  async detachDatabase(databaseId: string): Promise<void> {
    const stores = await this.stores();
    const runner = this.runner(databaseId);
    await runner.stop();
    this.runners.delete(databaseId);
    await stores.settings.remove(databaseId);
    await stores.state.removeDatabase(runner.ctx.key);
  }

  async syncNow(databaseId?: string): Promise<readonly CycleSummary[]> {
    await this.stores();
    const runners = databaseId === undefined ? [...this.runners.values()] : [this.runner(databaseId)];
    return Promise.all(runners.map((r) => r.run()));
  }

  async pause(databaseId: string): Promise<void> {
    const runner = this.runner(databaseId);
    const at = new Date(this.clock.now()).toISOString();
    const message = "Paused by the user. Resume to sync again.";
    await runner.ctx.store.updateDatabase(runner.ctx.key, { paused: { reason: "user", message, at } });
    runner.state = { kind: "paused", reason: "user", message };
    await runner.ctx.audit.append({
      kind: "connection",
      at,
      connectionId: runner.ctx.key.connectionId,
      databaseId,
      change: "paused",
      reason: "paused by the user",
    });
    this.events.emit("sync.paused", { databaseId, reason: "user", message, at });
  }

  async resume(databaseId: string): Promise<void> {
    const runner = this.runner(databaseId);
    const paused = (await runner.ctx.store.getDatabase(runner.ctx.key))?.paused;
    if (!paused) return;
    await resumeDatabase(runner.ctx, "resumed by the user");
    runner.state = { kind: "idle" };
  }

  async forceResync(databaseId: string): Promise<void> {
    const runner = this.runner(databaseId);
    const state = await runner.ctx.store.getDatabase(runner.ctx.key);
    if (state?.paused) await resumeDatabase(runner.ctx, "force re-sync");
    await runner.ctx.store.updateDatabase(runner.ctx.key, { watermark: null, providerCursor: null });
    await runner.run();
  }

  syncRows(databaseId: string, pageIds: readonly string[]) {
    return this.runner(databaseId).syncRows(pageIds);
  }

  async notionWebhookToken(): Promise<string | null> {
    return (await this.stores()).vault.get(NOTION_WEBHOOK_TOKEN);
  }

  async saveNotionWebhookToken(token: string): Promise<void> {
    await (await this.stores()).vault.set(NOTION_WEBHOOK_TOKEN, token);
  }

  async forgetNotionWebhookToken(): Promise<void> {
    await (await this.stores()).vault.delete(NOTION_WEBHOOK_TOKEN);
  }

  /** A connection's id is built from its bot's user id (`addConnection`), the author of the bot's own edits. */
  notionBotIds(): readonly string[] {
    return [...this.connections.keys()].map((id) => id.slice("notion-".length));
  }

  async handleNotionEvent(event: NotionWebhookEvent) {
    await this.stores();
    return routeNotionEvent(event, this.runners.values(), this.notionBotIds(), (id, error) =>
      this.onRunFailure(id, error),
    );
  }

  async addWebhook(input: WebhookInput) {
    return (await this.stores()).webhooks.add(input);
  }

  listWebhooks() {
    return this.storesValue?.webhooks.list() ?? [];
  }

  async removeWebhook(webhookId: string): Promise<void> {
    await (await this.stores()).webhooks.remove(webhookId);
  }

  async resumeWebhook(webhookId: string): Promise<void> {
    await (await this.stores()).webhooks.resume(webhookId);
  }

  webhookDeliveries(webhookId: string) {
    return this.openedStores().webhooks.deliveries(webhookId);
  }

  async updateDestination(
    databaseId: string,
    target: LinkTarget,
    url: string,
    source: ChangeSource,
  ): Promise<UpdateDestinationResult> {
    const { ctx } = this.runner(databaseId);
    try {
      const result = await applyDestination(operationContext(ctx, "interactive"), target, url, source);
      if (result.status === "conflict") {
        const { firstReport, ...answer } = result;
        await reportConflict(ctx, { event: result.conflict, firstReport });
        return { ...answer, conflict: { ...answer.conflict, databaseId } };
      }
      if (result.status === "applied") await auditOutsideWrite(ctx, result.pageId, url, source);
      return result;
    } catch (error) {
      if (isRevoked(error)) await this.onRunFailure(ctx.key.connectionId, error);
      if (!isTransient(error)) throw error;
      return this.queueDestination(ctx, target, url, source);
    }
  }

  async previewImport(databaseId: string, csvText: string): Promise<ImportPreview> {
    return previewCsv(csvText, this.runner(databaseId).ctx.fieldMap);
  }

  async importCsv(databaseId: string, csvText: string): Promise<ImportSummary> {
    const runner = this.runner(databaseId);
    const before = runner.state;
    try {
      return await importCsvIntoDatabase(runner.ctx, csvText);
    } catch (error) {
      await this.onRunFailure(runner.ctx.key.connectionId, error);
      throw error;
    } finally {
      // The import's progress events made the database "syncing"; once it is over, it is what it was before.
      if (runner.state.kind === "syncing" && runner.state.phase === "import") runner.state = before;
    }
  }

  status(): AgentStatus {
    const databases = [...this.runners.values()].map((r) => this.summaryOf(r));
    return {
      connections: [...this.connections.values()].map((c) => connectionSummary(c.record)),
      databases,
      unreadConflicts: this.storesValue?.inbox.unread ?? 0,
      pendingWrites: databases.reduce((sum, d) => sum + d.pendingWrites, 0),
    };
  }

  conflicts() {
    return this.storesValue?.inbox.list() ?? [];
  }

  async acknowledgeConflict(conflictId: string): Promise<void> {
    const stores = await this.stores();
    await stores.inbox.acknowledge(conflictId);
  }

  async topLinks(databaseId: string, limit: number): Promise<readonly ClickStat[]> {
    const { ctx } = this.runner(databaseId);
    const snapshots = [...(await ctx.store.snapshots(ctx.key)).values()];
    const top = snapshots.sort((a, b) => b.clicks - a.clicks).slice(0, limit);
    // Snapshots keep no titles: the few top rows are read (interactive: someone is looking at the list).
    return Promise.all(
      top.map(async (s) => {
        const row = await ctx.notion.row(s.pageId, "interactive");
        return { pageId: s.pageId, title: row?.title ?? "", shortUrl: s.shortUrl, clicks: s.clicks };
      }),
    );
  }

  async clicksOverTime(databaseId: string): Promise<readonly ClicksPoint[]> {
    const { ctx } = this.runner(databaseId);
    return (await ctx.store.getDatabase(ctx.key))?.clicksHistory ?? [];
  }

  /** Opens the data directory once: state, outbox, audit log, vault, settings, conflicts; then restores every database. */
  private stores(): Promise<Stores> {
    this.opened ??= this.openStores();
    return this.opened;
  }

  private async openStores(): Promise<Stores> {
    const dir = this.options.dataDir;
    await ensurePrivateDirectory(dir);
    const vault = await SecretVault.open(join(dir, "secrets.json"), new SecretBox(this.options.secretKey));
    const stores: Stores = {
      vault,
      state: await LowdbStateStore.open(dir),
      outbox: await Outbox.open(join(dir, "outbox.jsonl"), { clock: this.clock }),
      audit: await AuditLog.open(join(dir, "audit.jsonl"), { secrets: () => vault.values() }),
      settings: await DatabaseSettingsFile.open(join(dir, "databases.json")),
      inbox: await ConflictInbox.open(join(dir, "conflicts.json")),
      webhooks: await OutgoingWebhooks.open({
        path: join(dir, "webhooks.json"),
        box: new SecretBox(this.options.secretKey),
        clock: this.clock,
        events: this.events,
        policy: this.options.webhookPolicy ?? DEFAULT_WEBHOOK_RETRY_POLICY,
        onError: this.options.onWebhookError ?? ((error) => console.error("Linksync webhooks:", error)),
      }),
    };
    this.events.on("conflict", (conflict) => {
      stores.inbox.add(conflict).catch((error: unknown) => {
        const runner = this.runners.get(conflict.databaseId);
        const reason = error instanceof Error ? error.message : String(error);
        if (runner)
          runner.state = { kind: "error", message: `The conflicts inbox could not be saved: ${reason}` };
      });
    });
    // Reported to the link provider too, for the clients that can reach only it (Zapier's instant triggers).
    this.events.on("conflict", (conflict) =>
      this.publishToProvider(conflict.databaseId, (dataSourceId) => ({
        type: "conflict",
        data: { ...conflict, databaseId: dataSourceId },
      })),
    );
    this.events.on("sync.paused", (paused) =>
      this.publishToProvider(paused.databaseId, (dataSourceId) => ({
        type: "sync.paused",
        data: { ...paused, databaseId: dataSourceId },
      })),
    );
    this.storesValue = stores;
    for (const record of await stores.state.listConnections()) {
      const token = vault.get(record.secretName);
      if (record.status === "connected" && token !== null) this.openConnection(record, token);
      else
        this.connections.set(record.id, {
          record,
          gateway: this.gatewayFor(record.id, "", undefined),
          label: "",
        });
    }
    for (const settings of stores.settings.list()) {
      if (this.connections.get(settings.connectionId)?.record.status === "connected") {
        await this.openDatabase(stores, settings);
      }
    }
    return stores;
  }

  /**
   * A workspace connected again (a new token after a revocation) gets its databases back: their runners are rebuilt
   * on the new gateway and a pause for revocation is lifted.
   */
  private async reopenDatabases(stores: Stores, connectionId: string): Promise<void> {
    for (const settings of stores.settings.list()) {
      if (settings.connectionId !== connectionId) continue;
      await this.runners.get(settings.id)?.stop();
      const runner = await this.openDatabase(stores, settings);
      const paused = (await stores.state.getDatabase(runner.ctx.key))?.paused;
      if (paused?.reason === "revoked") await resumeDatabase(runner.ctx, "the workspace was connected again");
      if (this.started) runner.start();
    }
  }

  /** Best effort and not awaited: a report never holds or fails a sync (`publishEventBestEffort` logs why it failed). */
  private publishToProvider(databaseId: string, event: (dataSourceId: string) => ProviderEvent): void {
    const runner = this.runners.get(databaseId);
    if (runner) void publishEventBestEffort(runner.ctx.provider, event(runner.ctx.key.dataSourceId));
  }

  private gatewayFor(id: string, token: string, baseUrl: string | undefined, rate?: number): NotionGateway {
    return createNotionGateway({
      auth: token,
      ...(baseUrl ? { baseUrl } : {}),
      events: this.events,
      connectionId: id,
      scheduler: {
        ...this.options.scheduler,
        ratePerSecond: rate ?? 3,
        burst: Math.max(3, Math.ceil(rate ?? 3)),
      },
    });
  }

  private openConnection(record: ConnectionRecord, token: string): ConnectionRuntime {
    const { notionBaseUrl, requestsPerSecond, label } = record.providerOptions;
    const gateway = this.gatewayFor(
      record.id,
      token,
      notionBaseUrl || undefined,
      Number(requestsPerSecond) || 3,
    );
    const runtime: ConnectionRuntime = { record, gateway, label: label ?? record.workspaceName };
    this.connections.set(record.id, runtime);
    return runtime;
  }

  /** Takes the stores as an argument: it also runs while they are being opened (restoring databases). */
  private async openDatabase(stores: Stores, settings: DatabaseSettings): Promise<DatabaseRunner> {
    const connection = this.connection(settings.connectionId);
    const key: DatabaseKey = { connectionId: settings.connectionId, dataSourceId: settings.dataSourceId };
    const state = await stores.state.getDatabase(key);
    const fieldMap = state?.fieldMap ?? defaultFieldMap();
    const rate = Number(connection.record.providerOptions.requestsPerSecond) || 3;
    const ctx: DatabaseContext = {
      databaseId: settings.id,
      key,
      fieldMap,
      columnIds: settings.columnIds,
      notion: new GatewayNotionTable(connection.gateway, settings.dataSourceId, fieldMap),
      gateway: connection.gateway,
      provider: this.providerOf(stores, connection),
      store: stores.state,
      outbox: stores.outbox,
      audit: stores.audit,
      events: this.events,
      clock: this.clock,
      schedulerStatus: () => connection.gateway.scheduler.status(),
      rowsInFlight: this.options.rowsInFlight ?? Math.min(64, Math.max(4, Math.ceil(rate / 2))),
    };
    const runner = new DatabaseRunner(ctx, this.clock, {
      pollIntervalMs: settings.pollIntervalMs,
      clicksIntervalMs: this.options.clicksIntervalMs ?? CLICKS_REFRESH_INTERVAL_MS,
      ...(this.options.overlapMs !== undefined ? { overlapMs: this.options.overlapMs } : {}),
      onFailure: (error) => this.onRunFailure(settings.connectionId, error),
    });
    // What a restarted agent knows before its first run: how many rows are linked, and whether it is paused.
    runner.linked = (await stores.state.snapshots(key)).size;
    runner.lastSyncAt = state?.lastSyncAt ?? null;
    if (state?.paused)
      runner.state = { kind: "paused", reason: state.paused.reason, message: state.paused.message };
    this.runners.set(settings.id, runner);
    return runner;
  }

  private providerOf(stores: Stores, connection: ConnectionRuntime): LinkProvider {
    const apiKey = stores.vault.get(providerSecret(connection.record.id)) ?? "";
    const config: ProviderConfig = {
      kind: "linksync-shortener",
      baseUrl: connection.record.providerOptions.providerBaseUrl ?? "",
      apiKey,
    };
    return this.options.providerFactory?.(config) ?? createLinksyncShortenerProvider(config);
  }

  private async saveProvider(connection: ConnectionRuntime, provider: ProviderConfig): Promise<void> {
    const stores = await this.stores();
    await stores.vault.set(providerSecret(connection.record.id), provider.apiKey);
    const record: ConnectionRecord = {
      ...connection.record,
      providerKind: provider.kind,
      providerSecretName: providerSecret(connection.record.id),
      providerOptions: { ...connection.record.providerOptions, providerBaseUrl: provider.baseUrl },
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    await stores.state.putConnection(record);
    connection.record = record;
  }

  /** A revoked token stops its connection at once: token wiped, databases paused, `connection.revoked` emitted. */
  private async onRunFailure(connectionId: string, error: unknown): Promise<void> {
    if (!isRevoked(error)) return;
    const stores = await this.stores();
    const connection = this.connections.get(connectionId);
    if (!connection || connection.record.status === "revoked") return;
    const at = new Date(this.clock.now()).toISOString();
    await stores.vault.delete(notionSecret(connectionId));
    connection.record = { ...connection.record, status: "revoked", updatedAt: at };
    await stores.state.putConnection(connection.record);
    const message = "Notion revoked this connection's access. Reconnect the workspace to sync again.";
    for (const runner of this.runners.values()) {
      if (runner.ctx.key.connectionId !== connectionId) continue;
      void runner.stop();
      await stores.state.updateDatabase(runner.ctx.key, { paused: { reason: "revoked", message, at } });
      runner.state = { kind: "paused", reason: "revoked", message };
    }
    await stores.audit.append({
      kind: "connection",
      at,
      connectionId,
      databaseId: null,
      change: "revoked",
      reason: "Notion answered 401 unauthorized; the token was wiped",
    });
    this.events.emit("connection.revoked", { connectionId, at });
  }

  private async queueDestination(
    ctx: DatabaseContext,
    target: LinkTarget,
    url: string,
    source: ChangeSource,
  ): Promise<UpdateDestinationResult> {
    const pageId =
      "pageId" in target ? target.pageId : (await ctx.store.findByLinkId(target.linkId))?.snapshot.pageId;
    const linkId =
      "linkId" in target
        ? target.linkId
        : ((await ctx.store.getSnapshot(ctx.key, target.pageId))?.linkId ?? "");
    if (pageId === undefined)
      throw new AgentError(
        "unknown_link",
        `No row of ${ctx.databaseId} holds link ${linkId}. Pick a link of this database.`,
      );
    const requestedAt = new Date(this.clock.now()).toISOString();
    await ctx.outbox.enqueue({
      kind: "destination.update",
      idempotencyKey: `destination.update:${pageId}:${requestedAt}`,
      connectionId: ctx.key.connectionId,
      dataSourceId: ctx.key.dataSourceId,
      pageId,
      linkId,
      url,
      source,
      requestedAt,
    });
    return { status: "queued", pending: this.runner(ctx.databaseId).pending };
  }

  private summaryOf(runner: DatabaseRunner): DatabaseSummary {
    const { ctx } = runner;
    const settings = this.openedStores().settings.get(ctx.databaseId);
    const pending = runner.pending;
    const throttled = ctx.schedulerStatus();
    const state =
      runner.state.kind === "syncing" && throttled.state === "throttled"
        ? { kind: "throttled" as const, retryAt: new Date(throttled.resumesAt).toISOString() }
        : runner.state;
    return {
      id: ctx.databaseId,
      connectionId: ctx.key.connectionId,
      dataSourceId: ctx.key.dataSourceId,
      title: settings?.title ?? "",
      url: settings?.url ?? "",
      state,
      rows: runner.linked,
      linked: runner.linked,
      lastSyncAt: runner.lastSyncAt,
      nextSyncAt: runner.nextSyncAt,
      pendingWrites: pending,
    };
  }

  private openedStores(): Stores {
    if (!this.storesValue) throw new Error("The agent is not open yet.");
    return this.storesValue;
  }

  private connection(id: string): ConnectionRuntime {
    const connection = this.connections.get(id);
    if (!connection)
      throw new AgentError("unknown_connection", `No connection ${id}. Add the workspace first.`);
    if (connection.record.status === "revoked") {
      throw new AgentError("connection_revoked", `Notion revoked connection ${id}. Reconnect the workspace.`);
    }
    return connection;
  }

  private runner(databaseId: string): DatabaseRunner {
    const runner = this.runners.get(databaseId);
    if (!runner)
      throw new AgentError("unknown_database", `No attached database ${databaseId}. Attach it first.`);
    return runner;
  }
}

interface Stores {
  readonly vault: SecretVault;
  readonly state: LowdbStateStore;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly settings: DatabaseSettingsFile;
  readonly inbox: ConflictInbox;
  readonly webhooks: OutgoingWebhooks;
}

/** An outside Destination write applied at once: on the link and in Notion's Destination and Synced Destination. */
async function auditOutsideWrite(
  ctx: DatabaseContext,
  pageId: string,
  url: string,
  source: ChangeSource,
): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  const entry = {
    kind: "write",
    at,
    connectionId: ctx.key.connectionId,
    databaseId: ctx.databaseId,
    pageId,
    title: "",
    from: null,
    to: url,
    reason: `Destination written from ${source}, applied at once`,
    source,
  } as const;
  await ctx.audit.append(
    { ...entry, target: "provider", column: "link destination" },
    { ...entry, target: "notion", column: ctx.fieldMap.destination },
  );
}

/** The vault entry of the Notion webhook subscription's verification token (the key its deliveries are signed with). */
const NOTION_WEBHOOK_TOKEN = "notion-webhook:verification-token";

function notionSecret(connectionId: string): string {
  return `notion:${connectionId}`;
}

function providerSecret(connectionId: string): string {
  return `provider:${connectionId}`;
}

function connectionSummary(record: ConnectionRecord): ConnectionSummary {
  return {
    id: record.id,
    label: record.providerOptions.label ?? record.workspaceName,
    workspaceName: record.workspaceName,
    state: record.status === "connected" ? "connected" : "revoked",
  };
}

function plainTitle(dataSource: Pick<DataSourceObjectResponse, "title">): string {
  return dataSource.title.map((t) => t.plain_text).join("");
}

function candidateOf(dataSource: DataSourceObjectResponse): DatabaseCandidate {
  return {
    dataSourceId: dataSource.id,
    databaseId: dataSource.parent.type === "database_id" ? dataSource.parent.database_id : dataSource.id,
    title: plainTitle(dataSource),
    url: dataSource.url,
  };
}

/**
 * The field map for a data source: defaults, the title column found in the schema, optional columns (Tags, Sync)
 * mapped only when the data source has them, then the caller's choices on top.
 */
function resolveFieldMap(dataSource: DataSourceObjectResponse, chosen: Partial<FieldMap> = {}): FieldMap {
  const defaults = defaultFieldMap();
  const has = (name: string | undefined) => name !== undefined && Object.hasOwn(dataSource.properties, name);
  return {
    ...defaults,
    title: titleColumn(dataSource) ?? defaults.title,
    tags: has(defaults.tags) ? defaults.tags : undefined,
    sync: has(defaults.sync) ? defaults.sync : undefined,
    ...chosen,
  };
}
