import { LinksyncError } from "@linksync/link-contract";
import type { ClicksPoint } from "../engine/clicks-history";
import type { PauseReason } from "../events/events";
import type { FieldMap } from "../fields/field-map";
import type { RowSnapshot } from "../rows/row";
import { looksLikeSecret } from "../secrets/redaction";
import type { ConnectionSettings } from "./connection-settings";

/**
 * The port through which the engine remembers what it synced. Everything here can be rebuilt from Notion and the link
 * provider (the Link ID / Synced Destination columns and idempotency keys are the source of truth for identity), so
 * the store is allowed a short durability window; see `FileStateStore`. Every method is async so that a PostgreSQL
 * implementation can follow without changing callers.
 */
export interface StateStore {
  listConnections(): Promise<readonly ConnectionRecord[]>;
  getConnection(id: string): Promise<ConnectionRecord | null>;
  /** Creates or replaces. Refuses a record that holds anything shaped like a credential (`secret_in_metadata`). */
  putConnection(connection: ConnectionRecord): Promise<void>;
  /** Removes the connection and every database state under it. */
  removeConnection(id: string): Promise<void>;

  listDatabases(connectionId?: string): Promise<readonly DatabaseSyncState[]>;
  getDatabase(key: DatabaseKey): Promise<DatabaseSyncState | null>;
  /** Applies `patch` to the database's state, creating it (with empty values) when it is new; returns the result. */
  updateDatabase(key: DatabaseKey, patch: DatabaseSyncPatch): Promise<DatabaseSyncState>;
  /** Forgets the database's state and all its row snapshots. */
  removeDatabase(key: DatabaseKey): Promise<void>;

  /** Every row snapshot of the database by page id, copied (tests, tools; the engine reads only what it needs). */
  snapshots(key: DatabaseKey): Promise<ReadonlyMap<string, RowSnapshot>>;
  /** How many row snapshots the database has (its linked rows), without reading or copying them. */
  countSnapshots(key: DatabaseKey): Promise<number>;
  /**
   * Every row snapshot of the database, one at a time and in no particular order, for a scan that keeps only some
   * (the QR codes owed) or folds them (a total): no copy of the whole table. A snapshot put or deleted during the
   * scan may or may not be seen.
   */
  eachSnapshot(key: DatabaseKey): AsyncIterable<RowSnapshot>;
  getSnapshot(key: DatabaseKey, pageId: string): Promise<RowSnapshot | null>;
  /** The snapshots of these rows (those that have one), in one call: what a cycle compares a query page with. */
  getSnapshots(key: DatabaseKey, pageIds: readonly string[]): Promise<ReadonlyMap<string, RowSnapshot>>;
  /** The row a link belongs to, across all databases (for writes that arrive with a link id, e.g. from Zapier). */
  findByLinkId(linkId: string): Promise<{ readonly key: DatabaseKey; readonly snapshot: RowSnapshot } | null>;
  /** Creates or replaces snapshots by page id. The database state must exist (`unknown_database` otherwise). */
  putSnapshots(key: DatabaseKey, snapshots: readonly RowSnapshot[]): Promise<void>;
  deleteSnapshot(key: DatabaseKey, pageId: string): Promise<void>;

  /** Resolves once every change made so far is on durable storage. */
  flush(): Promise<void>;
  /** Flushes, then releases resources. */
  close(): Promise<void>;
}

/** One synced Notion data source of one connection. */
export interface DatabaseKey {
  readonly connectionId: string;
  readonly dataSourceId: string;
}

export interface PauseState {
  readonly reason: PauseReason;
  /** What happened and what to do, e.g. `The column "Destination" was renamed. Rename it back or remap it.` */
  readonly message: string;
  readonly at: string;
}

export interface DatabaseSyncState {
  readonly key: DatabaseKey;
  readonly title: string | null;
  /** ISO time of the newest `last_edited_time` seen; the next query overlaps it (it is minute-rounded). */
  readonly watermark: string | null;
  /** The link provider's `changesSince` cursor. */
  readonly providerCursor: string | null;
  readonly paused: PauseState | null;
  readonly fieldMap: FieldMap | null;
  /** Total clicks at each clicks refresh, oldest first and bounded (`appendClicksPoint`); absent before the first. */
  readonly clicksHistory?: readonly ClicksPoint[];
  /** When a run last ended with every write settled (what `linksync status` shows); absent before the first. */
  readonly lastSyncAt?: string;
}

export type DatabaseSyncPatch = Partial<Omit<DatabaseSyncState, "key">>;

export type ConnectionStatus = "connected" | "revoked" | "disconnected";

/**
 * What Linksync knows of a Notion connection, without its token: the token lives in the `SecretVault` under
 * `secretName`.
 */
export interface ConnectionRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly workspaceName: string;
  /** Vault entry holding the Notion token, e.g. `notion:<connection id>`. */
  readonly secretName: string;
  /** The link provider this connection's databases use, e.g. `linksync-shortener`. */
  readonly providerKind: string;
  /** Vault entry holding the provider's credentials, when it needs any. */
  readonly providerSecretName: string | null;
  /**
   * Settings of records written before they were typed (`ConnectionRecord.settings`), as strings; read once by
   * `readConnectionSettings` and left empty by every later write.
   */
  readonly providerOptions: Readonly<Record<string, string>>;
  /** The connection's settings (store/connection-settings.ts), validated when read; absent in older records. */
  readonly settings?: ConnectionSettings;
  readonly status: ConnectionStatus;
  readonly connectedAt: string;
  readonly updatedAt: string;
}

export type StoreErrorCode = "unknown_database" | "secret_in_metadata" | "state_corrupt";

/** A state store failure; the message says what to do. */
export class StoreError extends LinksyncError<StoreErrorCode> {
  override readonly name = "StoreError";
}

/** The string form of a key, for maps and file layouts. */
export function databaseKeyId(key: DatabaseKey): string {
  return `${key.connectionId}/${key.dataSourceId}`;
}

/** The state of a database `updateDatabase` sees for the first time, before its patch. */
export function emptyDatabaseSyncState(key: DatabaseKey): DatabaseSyncState {
  return { key, title: null, watermark: null, providerCursor: null, paused: null, fieldMap: null };
}

/** Every store refuses a connection record that holds anything shaped like a credential (`secret_in_metadata`). */
export function assertConnectionHoldsNoSecret(connection: ConnectionRecord): void {
  const suspicious = Object.entries(flattenStrings(connection)).find(([, value]) => looksLikeSecret(value));
  if (suspicious) {
    throw new StoreError(
      "secret_in_metadata",
      `Connection ${connection.id}: "${suspicious[0]}" looks like a credential. Store it in the SecretVault and keep only its name here.`,
    );
  }
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
