import type { RowSnapshot } from "../rows/row";
import { looksLikeSecret } from "../secrets/redaction";
import {
  type ConnectionRecord,
  type DatabaseKey,
  type DatabaseSyncPatch,
  type DatabaseSyncState,
  databaseKeyId,
  type StateStore,
  StoreError,
} from "./state-store";

/** The whole state as one plain JSON document: the in-memory store holds it, the lowdb store persists it. */
export interface StateData {
  readonly version: 1;
  readonly connections: Record<string, ConnectionRecord>;
  readonly databases: Record<string, StoredDatabase>;
}

export interface StoredDatabase {
  state: DatabaseSyncState;
  /** Row snapshots by page id. */
  readonly rows: Record<string, RowSnapshot>;
}

export function emptyStateData(): StateData {
  return { version: 1, connections: {}, databases: {} };
}

/**
 * `StateStore` over a `StateData` document held in memory: by itself, the store for pure tests and one-shot runs
 * (nothing survives the process). `LowdbStateStore` extends it and decides what "durable" means by overriding
 * `changed`, `flush` and `close`, so both share one implementation of the rules.
 */
export class MemoryStateStore implements StateStore {
  /** link id → where its snapshot is, so `findByLinkId` does not scan every row. */
  private readonly linkIndex = new Map<string, { keyId: string; pageId: string }>();

  constructor(protected readonly data: StateData = emptyStateData()) {
    for (const [keyId, database] of Object.entries(data.databases)) {
      for (const snapshot of Object.values(database.rows)) {
        this.linkIndex.set(snapshot.linkId, { keyId, pageId: snapshot.pageId });
      }
    }
  }

  async listConnections(): Promise<readonly ConnectionRecord[]> {
    return Object.values(this.data.connections);
  }

  async getConnection(id: string): Promise<ConnectionRecord | null> {
    return this.data.connections[id] ?? null;
  }

  async putConnection(connection: ConnectionRecord): Promise<void> {
    const suspicious = Object.entries(flattenStrings(connection)).find(([, value]) => looksLikeSecret(value));
    if (suspicious) {
      throw new StoreError(
        "secret_in_metadata",
        `Connection ${connection.id}: "${suspicious[0]}" looks like a credential. Store it in the SecretVault and keep only its name here.`,
      );
    }
    this.data.connections[connection.id] = {
      ...connection,
      providerOptions: { ...connection.providerOptions },
    };
    this.changed();
  }

  async removeConnection(id: string): Promise<void> {
    delete this.data.connections[id];
    for (const [keyId, database] of Object.entries(this.data.databases)) {
      if (database.state.key.connectionId === id) this.dropDatabase(keyId);
    }
    this.changed();
  }

  async listDatabases(connectionId?: string): Promise<readonly DatabaseSyncState[]> {
    const states = Object.values(this.data.databases).map((d) => d.state);
    return connectionId === undefined ? states : states.filter((s) => s.key.connectionId === connectionId);
  }

  async getDatabase(key: DatabaseKey): Promise<DatabaseSyncState | null> {
    return this.data.databases[databaseKeyId(key)]?.state ?? null;
  }

  async updateDatabase(key: DatabaseKey, patch: DatabaseSyncPatch): Promise<DatabaseSyncState> {
    const keyId = databaseKeyId(key);
    const database = this.data.databases[keyId] ?? { state: emptyDatabaseSyncState(key), rows: {} };
    this.data.databases[keyId] = database;
    database.state = { ...database.state, ...patch, key: { ...key } };
    this.changed();
    return database.state;
  }

  async removeDatabase(key: DatabaseKey): Promise<void> {
    this.dropDatabase(databaseKeyId(key));
    this.changed();
  }

  async snapshots(key: DatabaseKey): Promise<ReadonlyMap<string, RowSnapshot>> {
    return new Map(Object.entries(this.data.databases[databaseKeyId(key)]?.rows ?? {}));
  }

  async getSnapshot(key: DatabaseKey, pageId: string): Promise<RowSnapshot | null> {
    return this.data.databases[databaseKeyId(key)]?.rows[pageId] ?? null;
  }

  async findByLinkId(
    linkId: string,
  ): Promise<{ readonly key: DatabaseKey; readonly snapshot: RowSnapshot } | null> {
    const where = this.linkIndex.get(linkId);
    const database = where && this.data.databases[where.keyId];
    const snapshot = where && database?.rows[where.pageId];
    return database && snapshot ? { key: database.state.key, snapshot } : null;
  }

  async putSnapshots(key: DatabaseKey, snapshots: readonly RowSnapshot[]): Promise<void> {
    const keyId = databaseKeyId(key);
    const database = this.data.databases[keyId];
    if (!database) {
      throw new StoreError(
        "unknown_database",
        `No state for data source ${key.dataSourceId} of connection ${key.connectionId}. Attach the database before syncing it.`,
      );
    }
    for (const snapshot of snapshots) {
      const previous = database.rows[snapshot.pageId];
      if (previous && previous.linkId !== snapshot.linkId) this.linkIndex.delete(previous.linkId);
      database.rows[snapshot.pageId] = { ...snapshot, tags: [...snapshot.tags] };
      this.linkIndex.set(snapshot.linkId, { keyId, pageId: snapshot.pageId });
    }
    if (snapshots.length > 0) this.changed();
  }

  async deleteSnapshot(key: DatabaseKey, pageId: string): Promise<void> {
    const rows = this.data.databases[databaseKeyId(key)]?.rows;
    const snapshot = rows?.[pageId];
    if (!rows || !snapshot) return;
    delete rows[pageId];
    this.linkIndex.delete(snapshot.linkId);
    this.changed();
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.flush();
  }

  /** Called after every mutation of `data`. */
  protected changed(): void {}

  private dropDatabase(keyId: string): void {
    const database = this.data.databases[keyId];
    if (!database) return;
    for (const snapshot of Object.values(database.rows)) this.linkIndex.delete(snapshot.linkId);
    delete this.data.databases[keyId];
  }
}

function emptyDatabaseSyncState(key: DatabaseKey): DatabaseSyncState {
  return { key, title: null, watermark: null, providerCursor: null, paused: null, fieldMap: null };
}

function flattenStrings(value: object, prefix = ""): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (typeof inner === "string") result[path] = inner;
    else if (inner && typeof inner === "object") Object.assign(result, flattenStrings(inner, path));
  }
  return result;
}
