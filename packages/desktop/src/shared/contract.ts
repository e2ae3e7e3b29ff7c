import type {
  Agent,
  AttachInput,
  AuditKind,
  ConflictRecord,
  ConnectionSummary,
  CreateDatabaseInput,
  DatabaseSummary,
  FieldSpec,
  LinksyncEvent,
  ProviderConfig,
  QrImages,
  ServerDatabaseView,
} from "@linksync/core";

/**
 * The one API between the companion's UI and its host, declared once. The Electron IPC bridge (main handlers and
 * preload invokers) and the headless HTTP + server-sent-events bridge are both generated from `API_METHODS`, so a
 * method renamed in core's `Agent` or here fails to compile on every side.
 *
 * Only types are imported from core: this module is bundled into the sandboxed preload and the renderer.
 */

export type MethodKind = "query" | "command";

/** The `Agent` methods a UI may call. `start`, `stop` and `events` belong to the host, never to a window. */
const AGENT_METHODS = {
  status: "query",
  conflicts: "query",
  searchDatabases: "query",
  inspectDatabase: "query",
  topLinks: "query",
  clicksOverTime: "query",
  addConnection: "command",
  removeConnection: "command",
  detachDatabase: "command",
  addColumn: "command",
  remapDatabase: "command",
  syncNow: "command",
  pause: "command",
  resume: "command",
  forceResync: "command",
  acknowledgeConflict: "command",
  updateDestination: "command",
  previewImport: "query",
  importCsv: "command",
} as const satisfies Partial<Record<keyof Agent, MethodKind>>;

export type AgentMethodName = keyof typeof AGENT_METHODS;
export const AGENT_METHOD_NAMES = Object.keys(AGENT_METHODS) as readonly AgentMethodName[];

type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** Every Agent method crosses a process or network boundary, so every one is asynchronous on the UI side. */
export type AgentApi = { readonly [K in AgentMethodName]: Async<Agent[K]> };

/** The host's own shortener (the demo's, or the one configured at install), used without the UI seeing its key. */
export type ProviderChoice = ProviderConfig | { readonly kind: "host-default" };

export interface AttachRequest extends Omit<AttachInput, "provider"> {
  /**
   * The user chose "Sync from this computer too" for a database the Linksync server runs for their account (the
   * agent otherwise refuses to run it a second time).
   */
  readonly runHereToo?: boolean;
  readonly provider: ProviderChoice;
}

export interface CreateRequest extends Omit<CreateDatabaseInput, "provider"> {
  readonly provider: ProviderChoice;
}

export interface CompanionSettings {
  /** Poll interval given to databases attached from now on. */
  readonly pollIntervalMinutes: number;
  /** How the QR column gets its image (core's `qrImages`), for databases attached from now on. */
  readonly qrImages: QrImages;
  readonly launchAtLogin: boolean;
  readonly notifications: boolean;
  /**
   * The Linksync server (hosted link service): "Sign in with Notion" goes through its broker, and the account it
   * links at sign-in is the default shortener. `null`: the one built into this Linksync (`HostInfo.builtInServerUrl`).
   */
  readonly serverUrl: string | null;
}

export interface SecretStorageInfo {
  /** Where secrets are kept, in words a user can follow ("the system keychain", or a file path). */
  readonly where: string;
  readonly encrypted: boolean;
  /** Set when the storage is weaker than the user would expect; the UI shows it before storing anything. */
  readonly warning: string | null;
}

export interface HostInfo {
  readonly shell: "electron" | "browser";
  readonly canLaunchAtLogin: boolean;
  /** Notion API base URL the host connects to (the sandbox's in the demo); `null` means api.notion.com. */
  readonly notionBaseUrl: string | null;
  /** The shortener offered as "host-default", without its key. */
  readonly defaultProvider: { readonly baseUrl: string } | null;
  readonly secretStorage: SecretStorageInfo;
  /** "Sign in with Notion" (OAuth through the Linksync server's broker) is available. */
  readonly notionSignIn: boolean;
  /** The Linksync server built into this copy (at build time, or given to the headless UI); Settings may replace it. */
  readonly builtInServerUrl: string | null;
  /** What self-hosters register as the redirect URI of their own public integration. */
  readonly ownIntegrationRedirectUri: string;
  /** Linksync's columns (names, types, purposes) for the field-map screen, from core's single declaration. */
  readonly fields: readonly FieldSpec[];
}

/** A filter over the audit log, as the Activity screen sets it. */
export interface ActivityQuery {
  readonly databaseId?: string;
  readonly kind?: AuditKind;
  readonly since?: string;
  readonly text?: string;
  /** Keep only the newest `limit` entries. */
  readonly limit?: number;
  /** Include Linksync's writes to its own bookkeeping columns (Link ID, Last Synced…); hidden by default. */
  readonly bookkeeping?: boolean;
}

/** One line of an Activity entry's details, in words. */
export interface ActivityFact {
  readonly label: string;
  readonly value: string;
}

/** One audit entry as the Activity list shows it: a title, one line in words, and every detail on expand. */
export interface ActivityEntry {
  readonly id: number;
  readonly at: string;
  readonly kind: AuditKind;
  readonly databaseId: string | null;
  readonly title: string;
  readonly detail: string;
  readonly facts: readonly ActivityFact[];
  /** The row in Notion, when the entry is about one. */
  readonly notionUrl: string | null;
}

export interface ActivityPage {
  readonly entries: readonly ActivityEntry[];
  readonly total: number;
  /** Entries matching the filter that were left out as bookkeeping (0 when `bookkeeping` was asked for). */
  readonly hidden: number;
}

/** A row that could not get its short link, and why. */
export interface FailedRow {
  readonly pageId: string;
  readonly title: string;
  readonly code: string;
  /** What is wrong and what to do, from the engine. */
  readonly message: string;
  readonly at: string;
  /** The row in Notion, to fix it there. */
  readonly notionUrl: string;
}

export interface SignInStart {
  readonly attemptId: string;
  readonly authorizeUrl: string;
}

/** The shortener a connection uses unless the user types another: its Linksync account, or the host's own. */
export interface DefaultShortener {
  readonly baseUrl: string;
  /** "account": the Linksync account linked when this workspace signed in; "host": the host's built-in shortener. */
  readonly source: "account" | "host";
}

export interface OwnIntegrationCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The databases the Linksync server runs for this computer's accounts, and why the list may be short. */
export interface ServerRunsReport {
  readonly databases: readonly ServerDatabaseView[];
  /** A server that did not answer, in words; null when every account's server answered. */
  readonly problem: string | null;
}

export interface CompanionApi {
  /** Starts "Sign in with Notion"; the window opens `authorizeUrl`, then waits with `finishNotionSignIn`. */
  startNotionSignIn(): Promise<SignInStart>;
  /** Starts the same sign-in with the user's own public integration; the secret stays in the host. */
  startOwnIntegrationSignIn(integration: OwnIntegrationCredentials): Promise<SignInStart>;
  finishNotionSignIn(attemptId: string): Promise<ConnectionSummary>;
  /** Checks a shortener's address and key (nothing is stored); fails with a sentence that names what is wrong. */
  checkProvider(choice: ProviderChoice): Promise<void>;
  /** What "host-default" means for this connection, or null when the user must name a shortener. */
  defaultShortener(connectionId: string): Promise<DefaultShortener | null>;
  attachDatabase(request: AttachRequest): Promise<DatabaseSummary>;
  /**
   * Moves a workspace's databases to another shortener address or key, checked first like at attach (a wrong key or
   * address is said at once and nothing changes).
   */
  updateShortener(connectionId: string, choice: ProviderChoice): Promise<void>;
  createDatabase(request: CreateRequest): Promise<DatabaseSummary>;
  hostInfo(): Promise<HostInfo>;
  settings(): Promise<CompanionSettings>;
  updateSettings(patch: Partial<CompanionSettings>): Promise<CompanionSettings>;
  activity(query: ActivityQuery): Promise<ActivityPage>;
  /** Rows of a database that could not get a short link (newest first), from the audit log. */
  failedRows(databaseId: string): Promise<readonly FailedRow[]>;
  activityCsv(query: ActivityQuery): Promise<string>;
  /** The databases the Linksync server runs for the accounts this computer signed in with (not attached here). */
  serverDatabases(): Promise<ServerRunsReport>;
  /** Sync now on the server; `queued: false` when a run was already waiting. */
  serverSyncNow(databaseId: string): Promise<{ readonly queued: boolean }>;
  /** A server-run database's conflicts inbox, newest first. */
  serverConflicts(databaseId: string): Promise<readonly ConflictRecord[]>;
  acknowledgeServerConflict(databaseId: string, conflictId: string): Promise<void>;
}

const COMPANION_METHODS = {
  startNotionSignIn: "command",
  startOwnIntegrationSignIn: "command",
  finishNotionSignIn: "command",
  checkProvider: "query",
  defaultShortener: "query",
  attachDatabase: "command",
  updateShortener: "command",
  createDatabase: "command",
  hostInfo: "query",
  settings: "query",
  updateSettings: "command",
  activity: "query",
  failedRows: "query",
  activityCsv: "query",
  serverDatabases: "query",
  serverSyncNow: "command",
  serverConflicts: "query",
  acknowledgeServerConflict: "command",
} as const satisfies Record<keyof CompanionApi, MethodKind>;

export type LinksyncApi = AgentApi & CompanionApi;
export type ApiMethodName = keyof LinksyncApi;

export const API_METHODS: Readonly<Record<ApiMethodName, MethodKind>> = {
  ...AGENT_METHODS,
  ...COMPANION_METHODS,
};
export const API_METHOD_NAMES = Object.keys(API_METHODS) as readonly ApiMethodName[];

export function isApiMethod(name: unknown): name is ApiMethodName {
  return typeof name === "string" && Object.hasOwn(API_METHODS, name);
}

/** Events pushed to the UI: core's events, as they are. */
export type UiEvent = LinksyncEvent;

/** What every call returns on the wire: errors keep their code and human sentence across the boundary. */
export type Envelope<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export const IPC_EVENT_CHANNEL = "linksync:event";
export const ipcChannelOf = (name: ApiMethodName): string => `linksync:api:${name}`;

/** What the preload exposes as `window.linksyncIpc`: one checked call function and one event subscription. */
export interface LinksyncIpc {
  call(name: ApiMethodName, args: readonly unknown[]): Promise<Envelope<unknown>>;
  onEvent(listener: (event: UiEvent) => void): () => void;
}

/** The client the renderer holds, whichever bridge carries it. */
export interface LinksyncBridge {
  readonly api: LinksyncApi;
  onEvent(listener: (event: UiEvent) => void): () => void;
}
