import type { Clock } from "../clock/clock";
import type { EventBus } from "../events/events";
import { createNotionGateway, type NotionGateway } from "../notion/gateway";
import { refreshNotionTokens, type TokenRefreshRoute } from "../notion/token-refresh";
import type { SchedulerTuning } from "../scheduling/request-scheduler";
import {
  type ConnectionSettings,
  DEFAULT_REQUESTS_PER_SECOND,
  readConnectionSettings,
} from "../store/connection-settings";
import type { ConnectionRecord } from "../store/state-store";
import type { ConnectionInput, ConnectionSummary, ProviderConfig } from "./agent-api";
import { AgentError } from "./agent-error";
import { type AgentStores, secretNames } from "./agent-stores";

/** Notion's own address when the connection names none. */
const NOTION_API = "https://api.notion.com";

/**
 * A connection as the agent holds it. A revoked one has no gateway at all (its token is gone): it is listed, and
 * every request to it is refused until the workspace is connected again.
 */
export type Connection =
  | {
      readonly state: "connected";
      readonly record: ConnectionRecord;
      readonly settings: ConnectionSettings;
      readonly gateway: NotionGateway;
    }
  | { readonly state: "revoked"; readonly record: ConnectionRecord; readonly settings: ConnectionSettings };

export type ConnectedConnection = Extract<Connection, { readonly state: "connected" }>;

export interface ConnectionsOptions {
  readonly events: EventBus;
  readonly clock: Clock;
  readonly scheduler?: SchedulerTuning;
  /** Default: the gateway's pinned `NOTION_VERSION`. */
  readonly notionVersion?: string;
}

/** The agent's Notion connections: one gateway (one request scheduler) per workspace, shared by its databases. */
export class Connections {
  private readonly byId = new Map<string, Connection>();

  constructor(private readonly options: ConnectionsOptions) {}

  /** Restores the stored connections: a connection whose token is in the vault gets its gateway back. */
  restore(records: readonly ConnectionRecord[], stores: AgentStores): void {
    for (const record of records) {
      const token = stores.vault.get(record.secretName);
      if (record.status === "connected" && token !== null) this.open(record, token, stores);
      else this.byId.set(record.id, { state: "revoked", record, settings: settingsOf(record) });
    }
  }

  /** Checks the token with Notion, seals it and stores the connection; returns it connected. */
  async add(input: ConnectionInput, stores: AgentStores): Promise<ConnectedConnection> {
    const { auth } = input;
    const token = auth.kind === "internal" ? auth.token : auth.accessToken;
    const probe = this.gateway("probe", token, {
      notionBaseUrl: input.notionBaseUrl ?? null,
      requestsPerSecond: input.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    });
    const me = await probe.me({ priority: "interactive" });
    const workspaceName =
      input.auth.kind === "oauth"
        ? input.auth.workspaceName
        : (me.type === "bot" && me.bot.workspace_name) || "Notion";
    const id = `notion-${me.id}`;
    const now = new Date(this.options.clock.now()).toISOString();
    const refresh = auth.kind === "oauth" && auth.refreshToken && auth.refresh ? auth.refresh : null;
    await stores.vault.setMany({
      [secretNames.notion(id)]: token,
      ...(refresh && auth.kind === "oauth" && auth.refreshToken
        ? { [secretNames.notionRefresh(id)]: auth.refreshToken }
        : {}),
      ...(refresh?.via === "notion"
        ? { [secretNames.notionClient(id)]: JSON.stringify([refresh.clientId, refresh.clientSecret]) }
        : {}),
    });
    const settings: ConnectionSettings = {
      notionBaseUrl: input.notionBaseUrl ?? null,
      requestsPerSecond: input.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
      label: input.label ?? workspaceName,
      providerBaseUrl: null,
      tokenRefresh: refresh === null ? null : refresh.via === "broker" ? refresh : { via: "notion" },
    };
    const record = withSettings(
      {
        id,
        workspaceId: input.auth.kind === "oauth" ? input.auth.workspaceId : me.id,
        workspaceName,
        secretName: secretNames.notion(id),
        providerKind: "linksync-shortener",
        providerSecretName: null,
        providerOptions: {},
        status: "connected",
        connectedAt: now,
        updatedAt: now,
      },
      settings,
    );
    await stores.state.putConnection(record);
    return this.open(record, token, stores);
  }

  /** Forgets the connection and its secrets. */
  async remove(connectionId: string, stores: AgentStores): Promise<void> {
    await wipeNotionSecrets(connectionId, stores);
    await stores.vault.delete(secretNames.provider(connectionId));
    await stores.state.removeConnection(connectionId);
    this.byId.delete(connectionId);
  }

  /** Wipes the token and marks the connection revoked; `false` when it was not connected (nothing to do). */
  async revoke(connectionId: string, stores: AgentStores): Promise<boolean> {
    const connection = this.byId.get(connectionId);
    if (!connection || connection.state === "revoked") return false;
    const at = new Date(this.options.clock.now()).toISOString();
    await wipeNotionSecrets(connectionId, stores);
    const record: ConnectionRecord = { ...connection.record, status: "revoked", updatedAt: at };
    await stores.state.putConnection(record);
    this.byId.set(connectionId, { state: "revoked", record, settings: connection.settings });
    return true;
  }

  /** Seals the provider's key and remembers its base URL for the connection's databases. */
  async saveProvider(connectionId: string, provider: ProviderConfig, stores: AgentStores): Promise<void> {
    const connection = this.connected(connectionId);
    await stores.vault.set(secretNames.provider(connectionId), provider.apiKey);
    const settings: ConnectionSettings = { ...connection.settings, providerBaseUrl: provider.baseUrl };
    const record = withSettings(
      {
        ...connection.record,
        providerKind: provider.kind,
        providerSecretName: secretNames.provider(connectionId),
        updatedAt: new Date(this.options.clock.now()).toISOString(),
      },
      settings,
    );
    await stores.state.putConnection(record);
    this.byId.set(connectionId, { ...connection, record, settings });
  }

  /** The connection, connected; refuses an unknown or revoked one with what to do. */
  connected(id: string): ConnectedConnection {
    const connection = this.byId.get(id);
    if (!connection)
      throw new AgentError("unknown_connection", `No connection ${id}. Add the workspace first.`);
    if (connection.state === "revoked") {
      throw new AgentError("connection_revoked", `Notion revoked connection ${id}. Reconnect the workspace.`);
    }
    return connection;
  }

  isConnected(id: string): boolean {
    return this.byId.get(id)?.state === "connected";
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ids(): readonly string[] {
    return [...this.byId.keys()];
  }

  summaries(): readonly ConnectionSummary[] {
    return [...this.byId.values()].map(connectionSummary);
  }

  clear(): void {
    this.byId.clear();
  }

  private open(record: ConnectionRecord, token: string, stores: AgentStores): ConnectedConnection {
    const settings = settingsOf(record);
    const connection: ConnectedConnection = {
      state: "connected",
      record,
      settings,
      gateway: this.gateway(record.id, token, settings, tokenRenewal(record.id, settings, stores)),
    };
    this.byId.set(record.id, connection);
    return connection;
  }

  private gateway(
    id: string,
    token: string,
    settings: Pick<ConnectionSettings, "notionBaseUrl" | "requestsPerSecond">,
    refreshAuth?: () => Promise<string | null>,
  ): NotionGateway {
    const rate = settings.requestsPerSecond;
    return createNotionGateway({
      auth: token,
      ...(refreshAuth ? { refreshAuth } : {}),
      ...(settings.notionBaseUrl ? { baseUrl: settings.notionBaseUrl } : {}),
      ...(this.options.notionVersion ? { notionVersion: this.options.notionVersion } : {}),
      events: this.options.events,
      connectionId: id,
      scheduler: { ...this.options.scheduler, ratePerSecond: rate, burst: Math.max(3, Math.ceil(rate)) },
    });
  }
}

/** A connection's Notion secrets, all of them (a refresh token outliving its access token would be a leak). */
async function wipeNotionSecrets(connectionId: string, stores: AgentStores): Promise<void> {
  await stores.vault.delete(secretNames.notion(connectionId));
  await stores.vault.delete(secretNames.notionRefresh(connectionId));
  await stores.vault.delete(secretNames.notionClient(connectionId));
}

/**
 * How the connection's gateway renews its token on a 401: trade the sealed refresh token at the connection's route
 * and store the new pair in one vault write before the new access token is used (Notion rotates both; the old
 * refresh token is dead from then on). `undefined` when the connection cannot renew (an internal token).
 */
function tokenRenewal(
  connectionId: string,
  settings: ConnectionSettings,
  stores: AgentStores,
): (() => Promise<string | null>) | undefined {
  const { tokenRefresh } = settings;
  if (tokenRefresh === null) return undefined;
  return async () => {
    const refreshToken = stores.vault.get(secretNames.notionRefresh(connectionId));
    const route = refreshRoute(tokenRefresh, stores.vault.get(secretNames.notionClient(connectionId)));
    if (refreshToken === null || route === null) return null;
    const tokens = await refreshNotionTokens(route, refreshToken, settings.notionBaseUrl ?? NOTION_API);
    if (tokens === null) return null;
    await stores.vault.setMany({
      [secretNames.notion(connectionId)]: tokens.accessToken,
      [secretNames.notionRefresh(connectionId)]: tokens.refreshToken,
    });
    return tokens.accessToken;
  };
}

function refreshRoute(
  tokenRefresh: NonNullable<ConnectionSettings["tokenRefresh"]>,
  client: string | null,
): TokenRefreshRoute | null {
  if (tokenRefresh.via === "broker") return tokenRefresh;
  const parsed: unknown = client === null ? null : JSON.parse(client);
  if (!Array.isArray(parsed) || typeof parsed[0] !== "string" || typeof parsed[1] !== "string") return null;
  return { via: "notion", clientId: parsed[0], clientSecret: parsed[1] };
}

/** Reads the stored settings once, validated, with the one default of each (store/connection-settings.ts). */
export function settingsOf(record: ConnectionRecord): ConnectionSettings {
  return readConnectionSettings(record.settings, record.providerOptions, record.workspaceName);
}

/** The record with these settings, typed (an older record's string options are dropped). */
function withSettings(record: ConnectionRecord, settings: ConnectionSettings): ConnectionRecord {
  return { ...record, providerOptions: {}, settings };
}

function connectionSummary(connection: Connection): ConnectionSummary {
  return {
    id: connection.record.id,
    label: connection.settings.label,
    workspaceName: connection.record.workspaceName,
    state: connection.record.status === "connected" ? "connected" : "revoked",
    ...(connection.settings.providerBaseUrl ? { shortenerUrl: connection.settings.providerBaseUrl } : {}),
  };
}
