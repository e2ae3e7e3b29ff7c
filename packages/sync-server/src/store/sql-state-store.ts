import {
  assertConnectionHoldsNoSecret,
  type ConnectionRecord,
  type DatabaseKey,
  type DatabaseSyncPatch,
  type DatabaseSyncState,
  emptyDatabaseSyncState,
  isRowSnapshot,
  type RowSnapshot,
  type StateStore,
  StoreError,
} from "@linksync/core/ports";
import type { SqlQueryable } from "@linksync/shortener/database";

/**
 * The engine's `StateStore` in SQL (PostgreSQL for teams, PGlite embedded): connections and per-database state as
 * JSON documents, one row per row snapshot. Every call is one statement, committed when it resolves, so `flush` has
 * nothing left to do and any worker reads what another wrote. Snapshots are validated when read: a value this version
 * does not understand stops with `state_corrupt` instead of being synced from.
 */
/** Rows per read of `eachSnapshot`. */
const SNAPSHOT_PAGE = 1_000;

export class SqlStateStore implements StateStore {
  constructor(private readonly sql: SqlQueryable) {}

  async listConnections(): Promise<readonly ConnectionRecord[]> {
    const { rows } = await this.sql.query<{ record: ConnectionRecord }>(
      "SELECT record FROM sync_connections ORDER BY id",
    );
    return rows.map((row) => row.record);
  }

  async getConnection(id: string): Promise<ConnectionRecord | null> {
    const { rows } = await this.sql.query<{ record: ConnectionRecord }>(
      "SELECT record FROM sync_connections WHERE id = $1",
      [id],
    );
    return rows[0]?.record ?? null;
  }

  async putConnection(connection: ConnectionRecord): Promise<void> {
    assertConnectionHoldsNoSecret(connection);
    await this.sql.query(
      `INSERT INTO sync_connections (id, record) VALUES ($1, $2::jsonb)
       ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record`,
      [connection.id, JSON.stringify(connection)],
    );
  }

  async removeConnection(id: string): Promise<void> {
    // One statement: the databases (and by cascade their rows) go with the connection.
    await this.sql.query(
      `WITH gone AS (DELETE FROM sync_databases WHERE connection_id = $1)
       DELETE FROM sync_connections WHERE id = $1`,
      [id],
    );
  }

  async listDatabases(connectionId?: string): Promise<readonly DatabaseSyncState[]> {
    const { rows } = await this.sql.query<{ state: DatabaseSyncState }>(
      `SELECT state FROM sync_databases WHERE $1::text IS NULL OR connection_id = $1
       ORDER BY connection_id, data_source_id`,
      [connectionId ?? null],
    );
    return rows.map((row) => row.state);
  }

  async getDatabase(key: DatabaseKey): Promise<DatabaseSyncState | null> {
    const { rows } = await this.sql.query<{ state: DatabaseSyncState }>(
      "SELECT state FROM sync_databases WHERE connection_id = $1 AND data_source_id = $2",
      [key.connectionId, key.dataSourceId],
    );
    return rows[0]?.state ?? null;
  }

  async updateDatabase(key: DatabaseKey, patch: DatabaseSyncPatch): Promise<DatabaseSyncState> {
    // `||` merges top-level keys, so the patch applies atomically over whatever another worker wrote last.
    const { rows } = await this.sql.query<{ state: DatabaseSyncState }>(
      `INSERT INTO sync_databases (connection_id, data_source_id, state) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (connection_id, data_source_id) DO UPDATE SET state = sync_databases.state || $4::jsonb
       RETURNING state`,
      [
        key.connectionId,
        key.dataSourceId,
        JSON.stringify({ ...emptyDatabaseSyncState(key), ...patch, key }),
        JSON.stringify(patch),
      ],
    );
    return rows[0]!.state;
  }

  async removeDatabase(key: DatabaseKey): Promise<void> {
    await this.sql.query("DELETE FROM sync_databases WHERE connection_id = $1 AND data_source_id = $2", [
      key.connectionId,
      key.dataSourceId,
    ]);
  }

  async snapshots(key: DatabaseKey): Promise<ReadonlyMap<string, RowSnapshot>> {
    const { rows } = await this.sql.query<{ snapshot: unknown }>(
      "SELECT snapshot FROM sync_rows WHERE connection_id = $1 AND data_source_id = $2",
      [key.connectionId, key.dataSourceId],
    );
    const table = new Map<string, RowSnapshot>();
    for (const row of rows) {
      const snapshot = checked(row.snapshot);
      table.set(snapshot.pageId, snapshot);
    }
    return table;
  }

  async countSnapshots(key: DatabaseKey): Promise<number> {
    const { rows } = await this.sql.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM sync_rows WHERE connection_id = $1 AND data_source_id = $2",
      [key.connectionId, key.dataSourceId],
    );
    return rows[0]?.count ?? 0;
  }

  /** In pages of `SNAPSHOT_PAGE` rows by page id (keyset), so a large database is never held whole. */
  async *eachSnapshot(key: DatabaseKey): AsyncIterable<RowSnapshot> {
    let after = "";
    for (;;) {
      const { rows } = await this.sql.query<{ page_id: string; snapshot: unknown }>(
        `SELECT page_id, snapshot FROM sync_rows
          WHERE connection_id = $1 AND data_source_id = $2 AND page_id > $3
          ORDER BY page_id LIMIT ${SNAPSHOT_PAGE}`,
        [key.connectionId, key.dataSourceId, after],
      );
      for (const row of rows) yield checked(row.snapshot);
      const last = rows.at(-1);
      if (rows.length < SNAPSHOT_PAGE || last === undefined) return;
      after = last.page_id;
    }
  }

  async getSnapshot(key: DatabaseKey, pageId: string): Promise<RowSnapshot | null> {
    const { rows } = await this.sql.query<{ snapshot: unknown }>(
      "SELECT snapshot FROM sync_rows WHERE connection_id = $1 AND data_source_id = $2 AND page_id = $3",
      [key.connectionId, key.dataSourceId, pageId],
    );
    return rows[0] === undefined ? null : checked(rows[0].snapshot);
  }

  async getSnapshots(
    key: DatabaseKey,
    pageIds: readonly string[],
  ): Promise<ReadonlyMap<string, RowSnapshot>> {
    const found = new Map<string, RowSnapshot>();
    if (pageIds.length === 0) return found;
    const { rows } = await this.sql.query<{ snapshot: unknown }>(
      `SELECT snapshot FROM sync_rows
        WHERE connection_id = $1 AND data_source_id = $2 AND page_id = ANY($3::text[])`,
      [key.connectionId, key.dataSourceId, [...pageIds]],
    );
    for (const row of rows) {
      const snapshot = checked(row.snapshot);
      found.set(snapshot.pageId, snapshot);
    }
    return found;
  }

  async findByLinkId(
    linkId: string,
  ): Promise<{ readonly key: DatabaseKey; readonly snapshot: RowSnapshot } | null> {
    const { rows } = await this.sql.query<{
      connection_id: string;
      data_source_id: string;
      snapshot: unknown;
    }>("SELECT connection_id, data_source_id, snapshot FROM sync_rows WHERE link_id = $1 LIMIT 1", [linkId]);
    const row = rows[0];
    if (row === undefined) return null;
    return {
      key: { connectionId: row.connection_id, dataSourceId: row.data_source_id },
      snapshot: checked(row.snapshot),
    };
  }

  async putSnapshots(key: DatabaseKey, snapshots: readonly RowSnapshot[]): Promise<void> {
    // One statement for the batch; it writes nothing unless the database exists, which is how it is refused.
    const { rows } = await this.sql.query<{ attached: boolean }>(
      `WITH attached AS (
         SELECT 1 FROM sync_databases WHERE connection_id = $1 AND data_source_id = $2
       ), written AS (
         INSERT INTO sync_rows (connection_id, data_source_id, page_id, link_id, snapshot)
         SELECT $1, $2, r.page_id, r.link_id, r.snapshot::jsonb
         FROM unnest($3::text[], $4::text[], $5::text[]) AS r(page_id, link_id, snapshot)
         WHERE EXISTS (SELECT 1 FROM attached)
         ON CONFLICT (connection_id, data_source_id, page_id)
         DO UPDATE SET link_id = EXCLUDED.link_id, snapshot = EXCLUDED.snapshot
       )
       SELECT EXISTS (SELECT 1 FROM attached) AS attached`,
      [
        key.connectionId,
        key.dataSourceId,
        snapshots.map((s) => s.pageId),
        snapshots.map((s) => s.linkId),
        snapshots.map((s) => JSON.stringify(s)),
      ],
    );
    if (rows[0]?.attached !== true) {
      throw new StoreError(
        "unknown_database",
        `Database ${key.dataSourceId} of connection ${key.connectionId} is not attached: attach it before syncing its rows.`,
      );
    }
  }

  async deleteSnapshot(key: DatabaseKey, pageId: string): Promise<void> {
    await this.sql.query(
      "DELETE FROM sync_rows WHERE connection_id = $1 AND data_source_id = $2 AND page_id = $3",
      [key.connectionId, key.dataSourceId, pageId],
    );
  }

  /** Every call is committed when it resolves. */
  async flush(): Promise<void> {}

  /** The SQL client belongs to the server, which closes it. */
  async close(): Promise<void> {}
}

function checked(value: unknown): RowSnapshot {
  if (isRowSnapshot(value)) return value;
  throw new StoreError(
    "state_corrupt",
    "A stored row snapshot is not in a format this version understands. Remove the database's rows (they are rebuilt from Notion and the link provider) or run the newer server.",
  );
}
