import type { ConflictRecord, DatabaseState, ServerDatabaseView } from "@linksync/core";
import type { AuditEntry, ConflictEvent, DatabaseSyncState } from "@linksync/core/ports";
import type { SqlQueryable } from "@linksync/shortener/database";
import { SqlAuditLog } from "../audit/sql-audit-log";

/** Conflicts listed at most, newest first. */
const MAX_CONFLICTS = 500;
/** Audit entries answered at most, newest. */
export const MAX_AUDIT_ENTRIES = 500;

interface DatabaseRow {
  readonly id: string;
  readonly connection_id: string;
  readonly data_source_id: string;
  readonly title: string | null;
  readonly workspace_name: string | null;
  readonly connection_status: string | null;
  readonly state: DatabaseSyncState | null;
  readonly linked: number;
  readonly pending_writes: number;
  readonly waiting_rows: number;
  readonly unread_conflicts: number;
}

/**
 * What one account may read and do of the server's sync data. Every statement has the account in its WHERE clause
 * (through `sync_connections.account_id`), so another account's database, conflict or audit entry is simply not
 * found: the walls are in the queries, not in the routes that call them.
 */
export class AccountSync {
  constructor(private readonly sql: SqlQueryable) {}

  /** The account's server databases; `by` narrows to one database or one Notion data source. */
  async databases(
    accountId: string,
    by: { readonly databaseId?: string; readonly dataSourceId?: string } = {},
  ): Promise<ServerDatabaseView[]> {
    const { rows } = await this.sql.query<DatabaseRow>(
      `SELECT d.id, d.connection_id, d.data_source_id, d.settings->>'title' AS title,
         c.record->>'workspaceName' AS workspace_name, c.record->>'status' AS connection_status, s.state,
         (SELECT count(*)::int FROM sync_rows r
           WHERE r.connection_id = d.connection_id AND r.data_source_id = d.data_source_id) AS linked,
         (SELECT count(*)::int FROM sync_outbox o
           WHERE o.scope = d.connection_id || '/' || d.data_source_id) AS pending_writes,
         (SELECT count(*)::int FROM sync_pending_rows p WHERE p.database_id = d.id) AS waiting_rows,
         (SELECT count(*)::int FROM sync_conflicts k
           WHERE k.database_id = d.id AND NOT k.acknowledged) AS unread_conflicts
       FROM sync_server_databases d
       JOIN sync_connections c ON c.id = d.connection_id
       LEFT JOIN sync_databases s ON s.connection_id = d.connection_id AND s.data_source_id = d.data_source_id
       WHERE c.account_id = $1
         AND ($2::text IS NULL OR d.id = $2)
         AND ($3::text IS NULL OR d.data_source_id = $3)
       ORDER BY d.id`,
      [accountId, by.databaseId ?? null, by.dataSourceId ?? null],
    );
    return rows.map(viewOf);
  }

  async database(accountId: string, databaseId: string): Promise<ServerDatabaseView | null> {
    return (await this.databases(accountId, { databaseId }))[0] ?? null;
  }

  /** The account's conflicts inbox, newest first; `databaseId` narrows to one of its databases. */
  async conflicts(accountId: string, databaseId?: string): Promise<ConflictRecord[]> {
    const { rows } = await this.sql.query<{ event: ConflictEvent; acknowledged: boolean }>(
      `SELECT k.event, k.acknowledged FROM sync_conflicts k
       JOIN sync_server_databases d ON d.id = k.database_id
       JOIN sync_connections c ON c.id = d.connection_id
       WHERE c.account_id = $1 AND ($2::text IS NULL OR k.database_id = $2)
       ORDER BY k.seq DESC LIMIT ${MAX_CONFLICTS}`,
      [accountId, databaseId ?? null],
    );
    return rows.map((row) => ({ ...row.event, acknowledged: row.acknowledged }));
  }

  /** Marks one of the account's conflicts read; false when the account has no such conflict. */
  async acknowledge(accountId: string, conflictId: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE sync_conflicts k SET acknowledged = true
       FROM sync_server_databases d, sync_connections c
       WHERE k.conflict_id = $2 AND d.id = k.database_id AND c.id = d.connection_id AND c.account_id = $1
       RETURNING k.conflict_id`,
      [accountId, conflictId],
    );
    return rows.length > 0;
  }

  /** The newest audit entries of one of the account's databases (oldest first); null when it is not the account's. */
  async audit(accountId: string, databaseId: string, limit: number): Promise<readonly AuditEntry[] | null> {
    if ((await this.database(accountId, databaseId)) === null) return null;
    return new SqlAuditLog(this.sql).query({ databaseId, limit: Math.min(limit, MAX_AUDIT_ENTRIES) });
  }
}

function viewOf(row: DatabaseRow): ServerDatabaseView {
  return {
    id: row.id,
    runBy: "server",
    connectionId: row.connection_id,
    workspaceName: row.workspace_name ?? "",
    dataSourceId: row.data_source_id,
    title: row.state?.title ?? row.title ?? "",
    state: stateOf(row),
    lastSyncAt: row.state?.lastSyncAt ?? null,
    linked: row.linked,
    pendingWrites: row.pending_writes,
    waitingRows: row.waiting_rows,
    unreadConflicts: row.unread_conflicts,
  };
}

function stateOf(row: DatabaseRow): DatabaseState {
  if (row.connection_status !== "connected") {
    return {
      kind: "paused",
      reason: "revoked",
      message: `The connection to ${row.workspace_name ?? "its workspace"} is ${row.connection_status ?? "gone"}: connect the workspace to the server again.`,
    };
  }
  const paused = row.state?.paused;
  if (paused) return { kind: "paused", reason: paused.reason, message: paused.message };
  return row.state?.lastSyncAt === undefined ? { kind: "idle" } : { kind: "synced" };
}
