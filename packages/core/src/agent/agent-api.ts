import type { ClicksPoint } from "../engine/clicks-history";
import type { QrImages } from "../engine/database-context";
import type { ConflictEvent, EventBus, PauseReason } from "../events/events";
import type { FieldMap, FieldRole } from "../fields/field-map";
import type { ImportSummary } from "../import/database-import";
import type { ImportPreview } from "../import/import-preview";
import type { TokenRefreshRoute } from "../notion/token-refresh";
import type { DestinationOutcome, LinkTarget } from "../operations/update-destination";
import type { ChangeSource } from "../providers/link-provider";

/**
 * The one typed API every surface drives the engine through: the CLI, the desktop main process (and through its
 * generated bridges, the renderer and the headless web UI), and tests. Plain data in and out, no secrets out.
 */

export type NotionAuth =
  | { readonly kind: "internal"; readonly token: string }
  | {
      readonly kind: "oauth";
      readonly accessToken: string;
      /** With `refresh`, a 401 renews the tokens (both rotate, sealed in one vault write) before it revokes. */
      readonly refreshToken?: string;
      /** Where to renew them: the Linksync OAuth broker, or Notion with the user's own integration. */
      readonly refresh?: TokenRefreshRoute;
      readonly workspaceId: string;
      readonly workspaceName: string;
      readonly botId: string;
    };

export interface ConnectionInput {
  readonly auth: NotionAuth;
  /** Notion API base URL; the sandbox's in tests and the demo. */
  readonly notionBaseUrl?: string;
  /** Requests per second for this connection's scheduler (default 3). */
  readonly requestsPerSecond?: number;
  readonly label?: string;
}

export interface ConnectionSummary {
  readonly id: string;
  readonly label: string;
  readonly workspaceName: string;
  readonly state: "connected" | "revoked";
  /** The link provider's address, once a database is attached (its key is never returned). */
  readonly shortenerUrl?: string;
}

export interface ProviderConfig {
  readonly kind: "linksync-shortener";
  readonly baseUrl: string;
  /** Stored encrypted by the agent; never returned. */
  readonly apiKey: string;
}

export interface DatabaseCandidate {
  readonly dataSourceId: string;
  readonly databaseId: string;
  readonly title: string;
  readonly url: string;
}

export interface FieldMapIssue {
  readonly column: string;
  readonly message: string;
}

export interface FieldMapReport {
  readonly dataSourceId: string;
  readonly title: string;
  /** Column names of the data source with their Notion types, for the field-map screen. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly fieldMap: FieldMap;
  /** Blocking problems: the map cannot be saved while any is present. */
  readonly errors: readonly FieldMapIssue[];
  /** Linksync columns that do not exist yet and will be created on consent ("Create missing columns"). */
  readonly missing: readonly string[];
}

export interface AttachInput {
  readonly connectionId: string;
  readonly dataSourceId: string;
  readonly fieldMap?: Partial<FieldMap>;
  /** Consent to create the missing Linksync columns. Without it, attach fails if any is missing. */
  readonly createMissingColumns: boolean;
  readonly provider: ProviderConfig;
  readonly pollIntervalMs?: number;
  /**
   * How the QR column gets its 1024 px PNG, after the row's link. `auto` (default): Notion imports it from the
   * shortener's `/{slug}.png` when that is public https (one request less per QR), else it is uploaded. `upload`:
   * always uploaded. `import`: always imported (uploaded where Notion refuses or fails). `link`: an external file
   * pointing at `/{slug}.png`, written with the link at no extra request (no Notion-hosted copy).
   */
  readonly qrImages?: QrImages;
  /**
   * Sync it here even though the Linksync Server (the provider) runs it for this account: without it, attaching
   * such a database is refused (`server_runs_database`) and a restarted agent does not run it. Remembered.
   */
  readonly runHereToo?: boolean;
}

export interface CreateDatabaseInput {
  readonly connectionId: string;
  readonly parentPageId: string;
  readonly title?: string;
  readonly provider: ProviderConfig;
  readonly pollIntervalMs?: number;
  /**
   * How the QR column gets its 1024 px PNG, after the row's link. `auto` (default): Notion imports it from the
   * shortener's `/{slug}.png` when that is public https (one request less per QR), else it is uploaded. `upload`:
   * always uploaded. `import`: always imported (uploaded where Notion refuses or fails). `link`: an external file
   * pointing at `/{slug}.png`, written with the link at no extra request (no Notion-hosted copy).
   */
  readonly qrImages?: QrImages;
}

/**
 * Why a database waits: which service stopped the run and its own error code and sentence ("offline" when it could
 * not be reached; "rate_limited" or "unavailable" when it answered but refused), so a screen can say more than
 * "Offline".
 */
export interface OfflineCause {
  readonly service: "notion" | "provider";
  /** The NotionError / ProviderError code. */
  readonly code: string;
  readonly message: string;
}

export type DatabaseState =
  | { readonly kind: "idle" }
  | {
      readonly kind: "syncing";
      readonly phase: "backfill" | "cycle" | "clicks" | "import";
      readonly done: number;
      readonly total: number;
      readonly etaSeconds: number | null;
      /** Backfill only: the QR codes that follow the links (`done`/`total` count links). */
      readonly qr?: { readonly done: number; readonly total: number; readonly etaSeconds: number | null };
    }
  | { readonly kind: "synced" }
  | { readonly kind: "throttled"; readonly retryAt: string }
  | { readonly kind: "offline"; readonly pending: number; readonly cause: OfflineCause }
  | { readonly kind: "paused"; readonly reason: PauseReason; readonly message: string }
  | { readonly kind: "error"; readonly message: string };

export interface DatabaseSummary {
  readonly id: string;
  readonly connectionId: string;
  readonly dataSourceId: string;
  readonly title: string;
  readonly url: string;
  readonly state: DatabaseState;
  readonly rows: number;
  readonly linked: number;
  readonly lastSyncAt: string | null;
  readonly nextSyncAt: string | null;
  readonly pendingWrites: number;
  /**
   * The mapped columns under their current names: a column renamed in Notion is followed by its property id and
   * shows its new name here. Always set by the agent (optional only so hand-made summaries may leave it out).
   */
  readonly fieldMap?: FieldMap;
}

export interface AgentStatus {
  readonly connections: readonly ConnectionSummary[];
  readonly databases: readonly DatabaseSummary[];
  readonly unreadConflicts: number;
  readonly pendingWrites: number;
}

export interface CycleSummary {
  readonly databaseId: string;
  /** Links created (the row outcome `created`). */
  readonly minted: number;
  readonly updated: number;
  readonly conflicts: number;
  readonly failed: number;
  /** Rows with nothing to write whose snapshot caught up. */
  readonly settled: number;
  /** Rows left alone (trashed, Sync off or empty, no Destination, a Short URL Linksync did not make). */
  readonly skipped: number;
  readonly notionRequests: number;
  readonly durationMs: number;
}

export type { LinkTarget } from "../operations/update-destination";

/** An outside Destination write through the agent: applied as a stateless update would, or queued while offline. */
export type UpdateDestinationResult =
  | DestinationOutcome
  | { readonly status: "queued"; readonly pending: number };

export interface ConflictRecord extends ConflictEvent {
  readonly acknowledged: boolean;
}

export interface AuditQuery {
  readonly databaseId?: string;
  readonly kind?: string;
  readonly since?: string;
  readonly text?: string;
  readonly limit?: number;
}

export type { ClicksPoint } from "../engine/clicks-history";

export interface ClickStat {
  readonly pageId: string;
  readonly title: string;
  readonly shortUrl: string;
  readonly clicks: number;
}

/** The engine host: several connections and databases, their schedules, and one place to observe them. */
export interface Agent {
  readonly events: EventBus;
  /** Loads the data directory (connections, databases, inbox) without scheduling any sync; `start` implies it. */
  open(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;

  addConnection(input: ConnectionInput): Promise<ConnectionSummary>;
  removeConnection(connectionId: string): Promise<void>;

  searchDatabases(connectionId: string, query: string): Promise<readonly DatabaseCandidate[]>;
  inspectDatabase(
    connectionId: string,
    dataSourceId: string,
    fieldMap?: Partial<FieldMap>,
  ): Promise<FieldMapReport>;
  attachDatabase(input: AttachInput): Promise<DatabaseSummary>;
  createDatabase(input: CreateDatabaseInput): Promise<DatabaseSummary>;
  detachDatabase(databaseId: string): Promise<void>;
  /**
   * Adds an empty column of the role's type to the data source now (named after the role, or the first free
   * variant of that name) and answers the inspection with it mapped: "Create a Destination column" in a database
   * that has none. The title column is never created.
   */
  addColumn(connectionId: string, dataSourceId: string, role: FieldRole): Promise<FieldMapReport>;
  /** Replaces a connection's link provider for all its databases (address and key); their runners use it at once. */
  updateProvider(connectionId: string, provider: ProviderConfig): Promise<void>;
  /**
   * Maps an attached database's columns anew, checked like attach (missing Linksync columns created only with
   * consent); the database keeps its links, settings and history.
   */
  remapDatabase(
    databaseId: string,
    fieldMap: Partial<FieldMap>,
    createMissingColumns: boolean,
  ): Promise<DatabaseSummary>;

  syncNow(databaseId?: string): Promise<readonly CycleSummary[]>;
  pause(databaseId: string): Promise<void>;
  resume(databaseId: string): Promise<void>;
  forceResync(databaseId: string): Promise<void>;
  updateDestination(
    databaseId: string,
    target: LinkTarget,
    url: string,
    source: ChangeSource,
  ): Promise<UpdateDestinationResult>;

  /** What a CSV of destinations would import into the database, row by row, without writing anything. */
  previewImport(databaseId: string, csvText: string): Promise<ImportPreview>;
  /**
   * Creates the CSV's rows and their links; a row imported before is `existing`, never created twice. Refuses a
   * file with a file-level problem (`ImportError`) before writing; a bad row fails alone.
   */
  importCsv(databaseId: string, csvText: string): Promise<ImportSummary>;

  status(): AgentStatus;
  conflicts(): readonly ConflictRecord[];
  acknowledgeConflict(conflictId: string): Promise<void>;
  topLinks(databaseId: string, limit: number): Promise<readonly ClickStat[]>;
  /** The database's total clicks at each clicks refresh, oldest first (up to a week at the default interval). */
  clicksOverTime(databaseId: string): Promise<readonly ClicksPoint[]>;
}
