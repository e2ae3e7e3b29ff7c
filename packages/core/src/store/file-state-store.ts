import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Low } from "lowdb";
import type { RowSnapshot } from "../rows/row";
import { ensurePrivateDirectory, isFileMissing } from "./durable-file";
import { DurableJsonFile } from "./json-document";
import {
  emptyStateDocument,
  MemoryStateStore,
  type RowTable,
  type StateDocument,
} from "./memory-state-store";
import { RowLog, type RowRecord } from "./row-log";
import { ShardedMap } from "./sharded-map";
import type { ConnectionRecord, DatabaseSyncState } from "./state-store";
import { StoreError } from "./state-store";

export const STATE_FILE_NAME = "state.json";
export const ROWS_FILE_NAME = "rows.jsonl";

export interface FileStateStoreOptions {
  /**
   * Longest time a change waits in memory before it is written (default 250 ms). Changes made meanwhile are written
   * together: one `state.json` write when connections or database states changed, one append of the changed rows.
   */
  readonly flushDelayMs?: number;
  /** Told about a background write that failed; the changes stay pending and the next write retries them. */
  readonly onWriteError?: (error: unknown) => void;
  /**
   * Superseded lines `rows.jsonl` may hold before it is compacted, at least (default 20,000); the log is compacted
   * once they also outnumber the live rows, so it stays within about twice the live size.
   */
  readonly compactionSlack?: number;
}

/** What the writes cost so far: made observable for tests and the benchmark. */
export interface StateWriteStats {
  /** `state.json` rewrites (connections and database states: small, whole). */
  readonly documentWrites: number;
  /** Lines appended to `rows.jsonl`: one per changed row (or dropped database). */
  readonly rowRecordsAppended: number;
  readonly compactions: number;
  /** Flushes that wrote something, and the longest one (ms, wall time including fsync). */
  readonly flushes: number;
  readonly longestFlushMs: number;
}

/**
 * The embedded `StateStore` of an agent data directory, in two files:
 * - `state.json`: connections and per-database state (watermark, provider cursor, pause, field map, clicks history),
 *   a small whole document written through lowdb (temporary file + rename, so a crash leaves the old or the new one);
 * - `rows.jsonl`: the row snapshots, an append-and-compact log (`RowLog`), so a flush costs the rows that changed.
 *
 * Durability window: a change is on disk at most `flushDelayMs` plus one write after it was made, or when `flush()`
 * resolves (acknowledged). A crash inside that window loses the latest unacknowledged snapshots and watermark, and
 * that is safe: the watermark only moves back (the next cycle re-reads a little more), and a lost row snapshot is
 * rebuilt from the row's Link ID and Synced Destination columns or found again with `findByIdempotencyKey`. Writes
 * whose loss would matter go through the outbox first, which is fsynced per intent.
 *
 * `state.json` is written before the rows of a flush, so a database's rows are never durable before the database is;
 * rows left over from a database removed just before a crash are dropped (and compacted away) when the store opens.
 */
export class FileStateStore extends MemoryStateStore {
  private timer: NodeJS.Timeout | null = null;
  private documentDirty = false;
  /** Rows changed since the last write, by database key id: their current value (or absence) is what gets written. */
  private pendingRows = new Map<string, Set<string>>();
  private pendingDrops = new Set<string>();
  private writing: Promise<void> = Promise.resolve();
  private liveRows: number;
  private stats: StateWriteStats = {
    documentWrites: 0,
    rowRecordsAppended: 0,
    compactions: 0,
    flushes: 0,
    longestFlushMs: 0,
  };

  private constructor(
    private readonly db: Low<StateDocument>,
    rows: RowTable,
    private readonly log: RowLog,
    private readonly options: FileStateStoreOptions,
  ) {
    super(db.data, rows);
    this.liveRows = countRows(rows);
  }

  /** Opens (or creates) `state.json` and `rows.jsonl` in `dataDir`; a version-1 `state.json` is migrated. */
  static async open(dataDir: string, options: FileStateStoreOptions = {}): Promise<FileStateStore> {
    await ensurePrivateDirectory(dataDir);
    await removeAbandonedTempFiles(dataDir);
    const path = join(dataDir, STATE_FILE_NAME);
    // Set by `parse` when the file is version 1 (a holder, since the parser runs inside lowdb's read).
    const legacy: { rows: RowTable | null } = { rows: null };
    const db = new Low<StateDocument>(
      new DurableJsonFile<StateDocument>(path, {
        empty: emptyStateDocument,
        parse: (text) => {
          const parsed = parseState(text, path);
          legacy.rows = parsed.legacyRows;
          return parsed.document;
        },
        stringify: (data) => JSON.stringify(data),
      }),
      emptyStateDocument(),
    );
    await db.read();
    const rowsPath = join(dataDir, ROWS_FILE_NAME);
    // The log is created on every open, so its absence next to a version-2 state.json means it was lost.
    const rowsLost = legacy.rows === null && !(await exists(rowsPath));
    const opened = await RowLog.open(rowsPath);
    // A version-1 file held the rows itself: they win over any log (one left by a migration cut short by a crash).
    const legacyRows = legacy.rows;
    const rows = legacyRows ?? opened.rows;
    let orphans = false;
    for (const keyId of rows.keys()) {
      if (!db.data.databases[keyId]) {
        rows.delete(keyId);
        orphans = true;
      }
    }
    if (rowsLost) {
      // Without snapshots, a watermark would hide every row not edited since: start over with a full scan.
      for (const [keyId, state] of Object.entries(db.data.databases)) {
        db.data.databases[keyId] = { ...state, watermark: null, providerCursor: null };
      }
    }
    const store = new FileStateStore(db, rows, opened.log, options);
    if (legacyRows || orphans) await opened.log.compact(rows);
    if (legacyRows || rowsLost) await writeDocument(db);
    return store;
  }

  get writeStats(): StateWriteStats {
    return this.stats;
  }

  override async flush(): Promise<void> {
    this.cancelTimer();
    if (this.hasPending()) this.writing = this.write(this.writing);
    await this.writing;
  }

  override async close(): Promise<void> {
    await this.flush();
    await this.log.close();
  }

  protected override documentChanged(): void {
    this.documentDirty = true;
    this.schedule();
  }

  protected override rowChanged(keyId: string, pageId: string): void {
    let pages = this.pendingRows.get(keyId);
    if (!pages) {
      pages = new Set();
      this.pendingRows.set(keyId, pages);
    }
    pages.add(pageId);
    this.schedule();
  }

  protected override databaseDropped(keyId: string): void {
    this.pendingDrops.add(keyId);
    this.pendingRows.delete(keyId);
    this.schedule();
  }

  private hasPending(): boolean {
    return this.documentDirty || this.pendingRows.size > 0 || this.pendingDrops.size > 0;
  }

  private schedule(): void {
    // A fixed deadline from the first pending change (not reset by later ones), so a steady stream of changes
    // cannot postpone the write forever.
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) => this.options.onWriteError?.(error));
    }, this.options.flushDelayMs ?? 250);
    this.timer.unref();
  }

  /** Writes after `previous` settles; a failed write leaves its changes pending so the next flush retries them. */
  private async write(previous: Promise<void>): Promise<void> {
    await previous.catch(() => undefined);
    if (!this.hasPending()) return;
    const started = performance.now();
    const documentDirty = this.documentDirty;
    const drops = this.pendingDrops;
    const rows = this.pendingRows;
    this.documentDirty = false;
    this.pendingDrops = new Set();
    this.pendingRows = new Map();
    try {
      if (documentDirty) {
        await writeDocument(this.db);
        this.stats = { ...this.stats, documentWrites: this.stats.documentWrites + 1 };
      }
      const records = this.recordsFor(drops, rows);
      if (records.length > 0) {
        await this.log.append(records);
        this.stats = { ...this.stats, rowRecordsAppended: this.stats.rowRecordsAppended + records.length };
      }
    } catch (error) {
      this.documentDirty ||= documentDirty;
      for (const keyId of drops) this.pendingDrops.add(keyId);
      for (const [keyId, pages] of rows) for (const pageId of pages) this.rowChanged(keyId, pageId);
      throw error;
    }
    this.liveRows = countRows(this.rows);
    if (this.log.size - this.liveRows > Math.max(this.options.compactionSlack ?? 20_000, this.liveRows)) {
      await this.log.compact(this.rows);
      this.stats = { ...this.stats, compactions: this.stats.compactions + 1 };
    }
    const ms = performance.now() - started;
    this.stats = {
      ...this.stats,
      flushes: this.stats.flushes + 1,
      longestFlushMs: Math.max(this.stats.longestFlushMs, ms),
    };
  }

  /** Drops first, then each changed row's current value: replayed in order, they give today's `rows`. */
  private recordsFor(
    drops: ReadonlySet<string>,
    rows: ReadonlyMap<string, ReadonlySet<string>>,
  ): RowRecord[] {
    const records: RowRecord[] = [...drops].map((db) => ({ op: "drop", db }));
    for (const [db, pages] of rows) {
      const table = this.rows.get(db);
      for (const pageId of pages) {
        const row = table?.get(pageId);
        records.push(row ? { op: "put", db, row } : { op: "delete", db, pageId });
      }
    }
    return records;
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

async function writeDocument(db: Low<StateDocument>): Promise<void> {
  await db.write();
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isFileMissing(error)) return false;
    throw error;
  }
}

function countRows(rows: RowTable): number {
  let count = 0;
  for (const table of rows.values()) count += table.size;
  return count;
}

/** Temporary files of a write or compaction that a crash interrupted: never renamed, so never part of the state. */
async function removeAbandonedTempFiles(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    const abandoned = [ROWS_FILE_NAME, STATE_FILE_NAME].some((file) => name.startsWith(`.${file}.`));
    if (abandoned && name.endsWith(".tmp")) {
      await rm(join(dataDir, name), { force: true });
    }
  }
}

interface LegacyStateData {
  readonly version: 1;
  readonly connections: Record<string, ConnectionRecord>;
  readonly databases: Record<
    string,
    { readonly state: DatabaseSyncState; readonly rows: Record<string, RowSnapshot> }
  >;
}

function parseState(text: string, path: string): { document: StateDocument; legacyRows: RowTable | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StoreError(
      "state_corrupt",
      `The state file ${path} is not valid JSON (${String(error)}). Move it aside: Linksync rebuilds its state from Notion and the link provider.`,
    );
  }
  if (isStateDocument(parsed)) return { document: parsed, legacyRows: null };
  if (isLegacyStateData(parsed)) {
    const document: StateDocument = { version: 2, connections: parsed.connections, databases: {} };
    const legacyRows: RowTable = new Map();
    for (const [keyId, database] of Object.entries(parsed.databases)) {
      document.databases[keyId] = database.state;
      legacyRows.set(keyId, new ShardedMap(Object.entries(database.rows)));
    }
    return { document, legacyRows };
  }
  throw new StoreError(
    "state_corrupt",
    `The state file ${path} is not in a format this version of Linksync understands. Move it aside: Linksync rebuilds its state from Notion and the link provider.`,
  );
}

function isStateDocument(value: unknown): value is StateDocument {
  if (typeof value !== "object" || value === null) return false;
  const { version, connections, databases } = value as Partial<StateDocument>;
  return version === 2 && typeof connections === "object" && typeof databases === "object";
}

function isLegacyStateData(value: unknown): value is LegacyStateData {
  if (typeof value !== "object" || value === null) return false;
  const { version, connections, databases } = value as Partial<LegacyStateData>;
  return version === 1 && typeof connections === "object" && typeof databases === "object";
}
