import type { ConflictRecord, DatabaseState } from "../agent/agent-api";
import type { AuditEntry } from "../audit/audit-entry";

/**
 * The Linksync Server's account-scoped sync API (served by `@linksync/sync-server`'s `syncApi` under the server's
 * `/api`, with an account's key): the wire shapes, declared once for the server, the desktop and the agent.
 * Every answer holds only the calling account's connections and databases; another account's answers as missing.
 */
export const SERVER_SYNC_PATHS = {
  /** POST: connects a Notion workspace to the server for the account (`ServerConnectRequest`). */
  connections: "/api/sync/connections",
  /** GET: the account's server-run databases. POST (`ServerAttachRequest`): the server runs a data source from now on. */
  databases: "/api/sync/databases",
  /** GET: one of them. DELETE: handed back, the server stops running it (a laptop may run it again). */
  database: "/api/sync/databases/:id",
  /** POST: Sync now (queues a run on whichever worker is free; a run already waiting is enough). */
  syncNow: "/api/sync/databases/:id/sync",
  /** GET `?limit=100`: the database's newest audit entries (at most 500), oldest first. */
  audit: "/api/sync/databases/:id/audit",
  /** GET `?database=<id>`: the conflicts inbox, newest first. */
  conflicts: "/api/sync/conflicts",
  /** POST: marks a conflict read (the inbox's one resolution; the row's comment in Notion stays). */
  acknowledge: "/api/sync/conflicts/:id/acknowledge",
  /** GET: who runs the Notion data source, for a laptop agent about to attach or run it. */
  dataSource: "/api/sync/data-sources/:id",
} as const;

/** A database the server syncs, as its account sees it. */
export interface ServerDatabaseView {
  readonly id: string;
  readonly runBy: "server";
  readonly connectionId: string;
  readonly workspaceName: string;
  readonly dataSourceId: string;
  readonly title: string;
  /**
   * The agent's state kinds: `idle` (never synced yet), `synced`, `paused` (with its reason: a revoked or
   * disconnected connection shows as `revoked`).
   */
  readonly state: DatabaseState;
  readonly lastSyncAt: string | null;
  /** Rows with a link. */
  readonly linked: number;
  /** Unsettled writes in its outbox. */
  readonly pendingWrites: number;
  /** Rows Notion's webhooks named that no run has synced yet. */
  readonly waitingRows: number;
  readonly unreadConflicts: number;
}

/** A workspace connected to the server: its token is sealed there, the caller's key becomes its link provider key. */
export interface ServerConnectRequest {
  readonly notionToken: string;
  readonly workspaceName: string;
  readonly workspaceId?: string;
  /** Where the server's workers reach its link API: the address the caller uses, usually. */
  readonly providerBaseUrl: string;
}

export interface ServerConnectAnswer {
  readonly id: string;
  readonly workspaceName: string;
}

/** Attached as the agent attaches: the field map read from the schema, missing columns added only on consent. */
export interface ServerAttachRequest {
  readonly connectionId: string;
  readonly dataSourceId: string;
  readonly createMissingColumns: boolean;
}

export interface ServerDatabasesAnswer {
  readonly databases: readonly ServerDatabaseView[];
}

export interface SyncNowAnswer {
  readonly databaseId: string;
  /** False when a run of it was already waiting (that run does it). */
  readonly queued: boolean;
}

export interface ServerAuditAnswer {
  readonly entries: readonly AuditEntry[];
}

export interface ServerConflictsAnswer {
  readonly conflicts: readonly ConflictRecord[];
}

/** Who runs a Notion data source for the calling account: the server (with its databases of it), or nobody here. */
export interface DataSourceRunnerAnswer {
  readonly dataSourceId: string;
  readonly runBy: "server" | null;
  readonly databases: readonly ServerDatabaseView[];
}
