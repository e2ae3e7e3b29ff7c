import type { DataSourceObjectResponse } from "@notionhq/client";
import type { Clock } from "../clock/clock";
import { buildDatabaseContext, rowsInFlightFor } from "../engine/build-database-context";
import type { CrashHook } from "../engine/crash-points";
import { resumeDatabase } from "../engine/pause";
import type { EventBus } from "../events/events";
import { defaultFieldMap, type FieldMap } from "../fields/field-map";
import type { LinkProvider } from "../providers/link-provider";
import { createLinksyncShortenerProvider } from "../providers/linksync-shortener";
import { planAttach } from "../schema/attach";
import { createModeProperties } from "../schema/create";
import { columnIds } from "../schema/drift";
import { type DatabaseKey, databaseKeyId } from "../store/state-store";
import type { AttachInput, CreateDatabaseInput, DatabaseSummary, ProviderConfig } from "./agent-api";
import { AgentError } from "./agent-error";
import { type AgentStores, secretNames } from "./agent-stores";
import type { ConnectedConnection, Connections } from "./connections";
import { plainTitle, resolveFieldMap } from "./database-inspection";
import { DatabaseRunner } from "./database-runner";
import type { DatabaseSettings } from "./database-settings";
import { movedRoles, rereadEveryRow } from "./remap-rows";
import { askWhoRuns, refuseServerRun, serverRunsError } from "./server-runs";

export const DEFAULT_POLL_INTERVAL_MS = 5 * 60_000;

export interface DatabasesOptions {
  readonly events: EventBus;
  readonly clock: Clock;
  readonly connections: Connections;
  readonly clicksIntervalMs: number;
  readonly providerFactory?: (config: ProviderConfig) => LinkProvider;
  readonly rowsInFlight?: number;
  readonly overlapMs?: number;
  readonly crashHook?: CrashHook;
  /** A failure a run could not turn into a state (a revoked token stops the connection). */
  readonly onFailure: (connectionId: string, error: unknown) => Promise<void>;
}

/** The attached databases: each one's context (its ports) and runner, attached, created, reopened, detached. */
export class Databases {
  private readonly runners = new Map<string, DatabaseRunner>();

  constructor(private readonly options: DatabasesOptions) {}

  /**
   * Attaches an existing data source; the missing Linksync columns are created only with consent. A database the
   * Linksync Server runs for this account is refused unless the user runs it here too (server-runs.ts).
   */
  async attach(input: AttachInput, stores: AgentStores): Promise<DatabaseRunner> {
    const { connections } = this.options;
    const known = stores.settings.get(
      databaseKeyId({ connectionId: input.connectionId, dataSourceId: input.dataSourceId }),
    );
    const runHereToo = input.runHereToo ?? known?.runHereToo;
    await refuseServerRun(input.provider, input.dataSourceId, runHereToo);
    const { dataSource, fieldMap } = await this.mappedColumns(
      input.connectionId,
      input.dataSourceId,
      input.fieldMap,
      input.createMissingColumns,
    );
    await connections.saveProvider(input.connectionId, input.provider, stores);
    const key: DatabaseKey = { connectionId: input.connectionId, dataSourceId: input.dataSourceId };
    await stores.state.updateDatabase(key, { title: plainTitle(dataSource), fieldMap });
    const settings: DatabaseSettings = {
      id: databaseKeyId(key),
      connectionId: input.connectionId,
      dataSourceId: input.dataSourceId,
      databaseId:
        dataSource.parent.type === "database_id" ? dataSource.parent.database_id : input.dataSourceId,
      title: plainTitle(dataSource),
      url: dataSource.url,
      pollIntervalMs: input.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      columnIds: columnIds(dataSource, fieldMap),
    };
    // Attached again without a QR setting (the CLI attaches at every start): the one chosen before stays.
    const qrImages = input.qrImages ?? stores.settings.get(settings.id)?.qrImages;
    // Listed only once its field map and the connection's provider are durable: a crash in between leaves no
    // half-attached database (it would sync against an empty provider address), so the next start attaches again.
    await stores.state.flush();
    const saved = {
      ...settings,
      ...(qrImages !== undefined && { qrImages }),
      ...(runHereToo && { runHereToo }),
    };
    await stores.settings.put(saved);
    return this.open(stores, saved);
  }

  /** Creates a database with every Linksync column under a page, then attaches it. */
  async create(input: CreateDatabaseInput, stores: AgentStores): Promise<DatabaseRunner> {
    const { gateway } = this.options.connections.connected(input.connectionId);
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
    return this.attach(
      {
        connectionId: input.connectionId,
        dataSourceId,
        createMissingColumns: true,
        provider: input.provider,
        ...(input.pollIntervalMs !== undefined ? { pollIntervalMs: input.pollIntervalMs } : {}),
        ...(input.qrImages !== undefined ? { qrImages: input.qrImages } : {}),
      },
      stores,
    );
  }

  /**
   * An attached database mapped anew: its settings, links and history stay; its runner is rebuilt on the map. A role
   * moved to another column makes the next run read every row again (`rereadEveryRow`).
   */
  async remap(
    databaseId: string,
    chosen: Partial<FieldMap>,
    createMissingColumns: boolean,
    stores: AgentStores,
  ): Promise<DatabaseRunner> {
    const { key, fieldMap: mappedBefore, columnIds: idsBefore } = this.get(databaseId).ctx;
    const previous = stores.settings.get(databaseId);
    if (!previous)
      throw new AgentError("unknown_database", `No attached database ${databaseId}. Attach it first.`);
    const { dataSource, fieldMap } = await this.mappedColumns(
      key.connectionId,
      key.dataSourceId,
      chosen,
      createMissingColumns,
    );
    await stores.state.updateDatabase(key, { title: plainTitle(dataSource), fieldMap });
    const settings: DatabaseSettings = {
      ...previous,
      title: plainTitle(dataSource),
      url: dataSource.url,
      columnIds: columnIds(dataSource, fieldMap),
    };
    const before = { fieldMap: mappedBefore, columnIds: idsBefore };
    if (movedRoles(before, { fieldMap, columnIds: settings.columnIds }).length > 0) {
      await rereadEveryRow(stores.state, key);
    }
    await stores.state.flush();
    await stores.settings.put(settings);
    return this.open(stores, settings);
  }

  /** A connection's new link provider: every database of it gets a runner on the new one. */
  async reprovide(connectionId: string, provider: ProviderConfig, stores: AgentStores, started: boolean) {
    await this.options.connections.saveProvider(connectionId, provider, stores);
    for (const settings of stores.settings.list()) {
      if (settings.connectionId !== connectionId) continue;
      const runner = await this.open(stores, settings);
      if (started) runner.start();
    }
  }

  async detach(databaseId: string, stores: AgentStores): Promise<void> {
    const runner = this.get(databaseId);
    await this.drop(databaseId, stores);
    await stores.state.removeDatabase(runner.ctx.key);
  }

  /** Drops every database of a connection the user removed. */
  async detachConnection(connectionId: string, stores: AgentStores): Promise<void> {
    for (const runner of this.ofConnection(connectionId)) await this.drop(runner.ctx.databaseId, stores);
  }

  /** Opens every stored database of a connected workspace (at start-up). */
  async restore(stores: AgentStores): Promise<void> {
    for (const settings of stores.settings.list()) {
      if (this.options.connections.isConnected(settings.connectionId)) await this.open(stores, settings);
    }
  }

  /**
   * A workspace connected again (a new token after a revocation) gets its databases back: their runners are rebuilt
   * on the new gateway and a pause for revocation is lifted.
   */
  async reopen(connectionId: string, stores: AgentStores, started: boolean): Promise<void> {
    for (const settings of stores.settings.list()) {
      if (settings.connectionId !== connectionId) continue;
      const runner = await this.open(stores, settings);
      const paused = (await stores.state.getDatabase(runner.ctx.key))?.paused;
      if (paused?.reason === "revoked") await resumeDatabase(runner.ctx, "the workspace was connected again");
      if (started) runner.start();
    }
  }

  /** Builds the database's context on its connection's gateway and its runner (replacing a previous one). */
  async open(stores: AgentStores, settings: DatabaseSettings): Promise<DatabaseRunner> {
    const { options } = this;
    const connection = options.connections.connected(settings.connectionId);
    const key: DatabaseKey = { connectionId: settings.connectionId, dataSourceId: settings.dataSourceId };
    const state = await stores.state.getDatabase(key);
    const ctx = buildDatabaseContext({
      databaseId: settings.id,
      key,
      fieldMap: state?.fieldMap ?? null,
      columnIds: settings.columnIds,
      gateway: connection.gateway,
      provider: this.providerOf(stores, connection),
      store: stores.state,
      outbox: stores.outbox,
      audit: stores.audit,
      events: options.events,
      clock: options.clock,
      rowsInFlight: options.rowsInFlight ?? rowsInFlightFor(connection.settings.requestsPerSecond),
      keepConflict: (event) => stores.inbox.add(event),
      ...(options.crashHook ? { crashHook: options.crashHook } : {}),
      qrImages: settings.qrImages ?? "auto",
    });
    await this.runners.get(settings.id)?.close();
    const runner = new DatabaseRunner(ctx, options.clock, {
      pollIntervalMs: settings.pollIntervalMs,
      clicksIntervalMs: options.clicksIntervalMs,
      ...(options.overlapMs !== undefined ? { overlapMs: options.overlapMs } : {}),
      onFailure: (error) => options.onFailure(settings.connectionId, error),
      linked: await stores.state.countSnapshots(key),
      paused: state?.paused ?? null,
      lastSyncAt: state?.lastSyncAt ?? null,
    });
    this.runners.set(settings.id, runner);
    return runner;
  }

  /**
   * Starts every runner, except those of databases the Linksync Server runs for this account (asked once, all at
   * once, bounded): those show why and wait, unless the user chose to run them here too. A server that cannot be
   * asked leaves the agent offline-first: it runs them.
   */
  async startAll(stores: AgentStores): Promise<void> {
    await Promise.all(
      this.all().map(async (runner) => {
        const { key, databaseId } = runner.ctx;
        if (
          !stores.settings.get(databaseId)?.runHereToo &&
          this.options.connections.isConnected(key.connectionId)
        ) {
          const connection = this.options.connections.connected(key.connectionId);
          const verdict = await askWhoRuns(this.providerConfigOf(stores, connection), key.dataSourceId);
          if (verdict.kind === "server") return runner.markFailed(serverRunsError(verdict).message);
        }
        runner.start();
      }),
    );
  }

  get(databaseId: string): DatabaseRunner {
    const runner = this.runners.get(databaseId);
    if (!runner)
      throw new AgentError("unknown_database", `No attached database ${databaseId}. Attach it first.`);
    return runner;
  }

  find(databaseId: string): DatabaseRunner | undefined {
    return this.runners.get(databaseId);
  }

  all(): readonly DatabaseRunner[] {
    return [...this.runners.values()];
  }

  ofConnection(connectionId: string): readonly DatabaseRunner[] {
    return this.all().filter((r) => r.ctx.key.connectionId === connectionId);
  }

  summary(runner: DatabaseRunner, settings: DatabaseSettings | undefined): DatabaseSummary {
    const { ctx } = runner;
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
      pendingWrites: runner.pending,
      fieldMap: ctx.fieldMap,
    };
  }

  /** Closes every runner and forgets them (the agent stops). */
  async closeAll(): Promise<void> {
    await Promise.all(this.all().map((r) => r.close()));
    this.runners.clear();
  }

  /**
   * The data source and its field map, checked (`planAttach`); the missing Linksync columns are created only with
   * consent, the user's columns are never touched.
   */
  private async mappedColumns(
    connectionId: string,
    dataSourceId: string,
    chosen: Partial<FieldMap> | undefined,
    createMissingColumns: boolean,
  ): Promise<{ readonly dataSource: DataSourceObjectResponse; readonly fieldMap: FieldMap }> {
    const { gateway } = this.options.connections.connected(connectionId);
    let dataSource = await gateway.retrieveDataSource(dataSourceId, { priority: "interactive" });
    const fieldMap = resolveFieldMap(dataSource, chosen);
    const plan = planAttach(dataSource, fieldMap);
    if (!plan.ok) {
      throw new AgentError("field_map_invalid", plan.errors.map((e) => e.message).join(" "));
    }
    if (plan.missing.length > 0) {
      if (!createMissingColumns) {
        throw new AgentError(
          "columns_missing",
          `The database lacks Linksync's columns ${plan.missing.map((m) => `"${m.column}"`).join(", ")}. Consent to create them, or map existing columns.`,
        );
      }
      dataSource = await gateway.updateDataSource(
        { data_source_id: dataSourceId, properties: { ...plan.properties } },
        { priority: "interactive" },
      );
    }
    return { dataSource, fieldMap };
  }

  private async drop(databaseId: string, stores: AgentStores): Promise<void> {
    await this.runners.get(databaseId)?.close();
    this.runners.delete(databaseId);
    await stores.settings.remove(databaseId);
  }

  private providerOf(stores: AgentStores, connection: ConnectedConnection): LinkProvider {
    const config = this.providerConfigOf(stores, connection);
    return this.options.providerFactory?.(config) ?? createLinksyncShortenerProvider(config);
  }

  private providerConfigOf(stores: AgentStores, connection: ConnectedConnection): ProviderConfig {
    return {
      kind: "linksync-shortener",
      baseUrl: connection.settings.providerBaseUrl ?? "",
      apiKey: stores.vault.get(secretNames.provider(connection.record.id)) ?? "",
    };
  }
}
