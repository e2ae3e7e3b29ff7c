import type { RowSnapshot } from "../rows/row";
import { ShardedMap } from "./sharded-map";
import {
  assertConnectionHoldsNoSecret,
  type ConnectionRecord,
  type DatabaseKey,
  type DatabaseSyncPatch,
  type DatabaseSyncState,
  databaseKeyId,
  emptyDatabaseSyncState,
  type StateStore,
  StoreError,
} from "./state-store";

/**
 * The small, whole part of the state: connections and per-database state (watermark, cursor, pause, field map,
 * clicks history). Its size does not grow with the number of rows, so it is written whole (`state.json`).
 */
export interface StateDocument {
  readonly version: 2;
  readonly connections: Record<string, ConnectionRecord>;
  readonly databases: Record<string, DatabaseSyncState>;
}

/** Row snapshots by database key id (`databaseKeyId`), then by page id (sharded: as cheap to grow at 100,000 rows). */
export type RowTable = Map<string, ShardedMap<RowSnapshot>>;

export function emptyStateDocument(): StateDocument {
  return { version: 2, connections: {}, databases: {} };
}

/**
 * `StateStore` held in memory: by itself, the store for pure tests and one-shot runs (nothing survives the process).
 * `FileStateStore` extends it and persists what changed, told through the three hooks `documentChanged`,
 * `rowChanged` and `databaseDropped`, so both share one implementation of the rules.
 */
export class MemoryStateStore implements StateStore {
  /** link id → where its snapshot is, so `findByLinkId` does not scan every row. */
  private readonly linkIndex = new ShardedMap<{ keyId: string; pageId: string }>();

  constructor(
    protected readonly document: StateDocument = emptyStateDocument(),
    protected readonly rows: RowTable = new Map(),
  ) {
    for (const [keyId, table] of rows) {
      for (const snapshot of table.values()) {
        this.linkIndex.set(snapshot.linkId, { keyId, pageId: snapshot.pageId });
      }
    }
  }

  async listConnections(): Promise<readonly ConnectionRecord[]> {
    return Object.values(this.document.connections);
  }

  async getConnection(id: string): Promise<ConnectionRecord | null> {
    return this.document.connections[id] ?? null;
  }

  async putConnection(connection: ConnectionRecord): Promise<void> {
    assertConnectionHoldsNoSecret(connection);
    this.document.connections[connection.id] = {
      ...connection,
      providerOptions: { ...connection.providerOptions },
    };
    this.documentChanged();
  }

  async removeConnection(id: string): Promise<void> {
    delete this.document.connections[id];
    for (const [keyId, state] of Object.entries(this.document.databases)) {
      if (state.key.connectionId === id) this.dropDatabase(keyId);
    }
    this.documentChanged();
  }

  async listDatabases(connectionId?: string): Promise<readonly DatabaseSyncState[]> {
    const states = Object.values(this.document.databases);
    return connectionId === undefined ? states : states.filter((s) => s.key.connectionId === connectionId);
  }

  async getDatabase(key: DatabaseKey): Promise<DatabaseSyncState | null> {
    return this.document.databases[databaseKeyId(key)] ?? null;
  }

  async updateDatabase(key: DatabaseKey, patch: DatabaseSyncPatch): Promise<DatabaseSyncState> {
    const keyId = databaseKeyId(key);
    const state = {
      ...(this.document.databases[keyId] ?? emptyDatabaseSyncState(key)),
      ...patch,
      key: { ...key },
    };
    this.document.databases[keyId] = state;
    this.documentChanged();
    return state;
  }

  async removeDatabase(key: DatabaseKey): Promise<void> {
    this.dropDatabase(databaseKeyId(key));
    this.documentChanged();
  }

  async snapshots(key: DatabaseKey): Promise<ReadonlyMap<string, RowSnapshot>> {
    return new ShardedMap(this.rows.get(databaseKeyId(key)) ?? []);
  }

  async countSnapshots(key: DatabaseKey): Promise<number> {
    return this.rows.get(databaseKeyId(key))?.size ?? 0;
  }

  async *eachSnapshot(key: DatabaseKey): AsyncIterable<RowSnapshot> {
    yield* this.rows.get(databaseKeyId(key))?.values() ?? [];
  }

  async getSnapshot(key: DatabaseKey, pageId: string): Promise<RowSnapshot | null> {
    return this.rows.get(databaseKeyId(key))?.get(pageId) ?? null;
  }

  async getSnapshots(
    key: DatabaseKey,
    pageIds: readonly string[],
  ): Promise<ReadonlyMap<string, RowSnapshot>> {
    const table = this.rows.get(databaseKeyId(key));
    const found = new Map<string, RowSnapshot>();
    for (const pageId of pageIds) {
      const snapshot = table?.get(pageId);
      if (snapshot) found.set(pageId, snapshot);
    }
    return found;
  }

  async findByLinkId(
    linkId: string,
  ): Promise<{ readonly key: DatabaseKey; readonly snapshot: RowSnapshot } | null> {
    const where = this.linkIndex.get(linkId);
    const state = where && this.document.databases[where.keyId];
    const snapshot = where && this.rows.get(where.keyId)?.get(where.pageId);
    return state && snapshot ? { key: state.key, snapshot } : null;
  }

  async putSnapshots(key: DatabaseKey, snapshots: readonly RowSnapshot[]): Promise<void> {
    const keyId = databaseKeyId(key);
    if (!this.document.databases[keyId]) {
      throw new StoreError(
        "unknown_database",
        `No state for data source ${key.dataSourceId} of connection ${key.connectionId}. Attach the database before syncing it.`,
      );
    }
    let table = this.rows.get(keyId);
    if (!table) {
      table = new ShardedMap();
      this.rows.set(keyId, table);
    }
    for (const snapshot of snapshots) {
      const previous = table.get(snapshot.pageId);
      if (previous && previous.linkId !== snapshot.linkId) this.linkIndex.delete(previous.linkId);
      table.set(snapshot.pageId, { ...snapshot, tags: [...snapshot.tags] });
      this.linkIndex.set(snapshot.linkId, { keyId, pageId: snapshot.pageId });
      this.rowChanged(keyId, snapshot.pageId);
    }
  }

  async deleteSnapshot(key: DatabaseKey, pageId: string): Promise<void> {
    const keyId = databaseKeyId(key);
    const table = this.rows.get(keyId);
    const snapshot = table?.get(pageId);
    if (!table || !snapshot) return;
    table.delete(pageId);
    this.linkIndex.delete(snapshot.linkId);
    this.rowChanged(keyId, pageId);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.flush();
  }

  /** Called after every change of `document` (connections, database states). */
  protected documentChanged(): void {}

  /** Called after a row snapshot was put or deleted; `rows` holds its current value (or none). */
  protected rowChanged(_keyId: string, _pageId: string): void {}

  /** Called after a database's rows were all forgotten at once. */
  protected databaseDropped(_keyId: string): void {}

  private dropDatabase(keyId: string): void {
    const table = this.rows.get(keyId);
    for (const snapshot of table?.values() ?? []) this.linkIndex.delete(snapshot.linkId);
    this.rows.delete(keyId);
    const existed = keyId in this.document.databases;
    delete this.document.databases[keyId];
    if (table || existed) this.databaseDropped(keyId);
  }
}
