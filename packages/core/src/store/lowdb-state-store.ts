import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { Low } from "lowdb";
import { DataFile } from "lowdb/node";
import { ensurePrivateDirectory, PRIVATE_FILE_MODE } from "./durable-file";
import { emptyStateData, MemoryStateStore, type StateData } from "./memory-state-store";
import { StoreError } from "./state-store";

export const STATE_FILE_NAME = "state.json";

export interface LowdbStateStoreOptions {
  /**
   * Longest time a change waits in memory before it is written (default 250 ms). Changes made meanwhile are written
   * together, so a backfill of 10,000 rows rewrites the file a handful of times, not 10,000 times.
   */
  readonly flushDelayMs?: number;
  /** Told about a background write that failed; the changes stay pending and the next write retries them. */
  readonly onWriteError?: (error: unknown) => void;
}

/**
 * The embedded `StateStore`: one JSON file (`state.json`) per agent data directory, written through lowdb's steno
 * writer (temporary file + rename, so a crash leaves the previous or the new version, never a torn file).
 *
 * Durability window: a change is on disk at most `flushDelayMs` plus one write after it was made, or when `flush()`
 * resolves. A crash inside that window loses the latest snapshots and watermark, and that is safe: the watermark only
 * moves back (the next cycle re-reads a little more), and a lost row snapshot is rebuilt from the row's Link ID and
 * Synced Destination columns or found again with `findByIdempotencyKey`, because links are created with the page's
 * idempotency key. Writes whose loss would matter go through the outbox first, which is fsynced per intent.
 */
export class LowdbStateStore extends MemoryStateStore {
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();
  private fileWrites = 0;

  private constructor(
    private readonly db: Low<StateData>,
    private readonly path: string,
    private readonly options: LowdbStateStoreOptions,
  ) {
    super(db.data);
  }

  /** Opens (or creates) `state.json` in `dataDir`. */
  static async open(dataDir: string, options: LowdbStateStoreOptions = {}): Promise<LowdbStateStore> {
    await ensurePrivateDirectory(dataDir);
    const path = join(dataDir, STATE_FILE_NAME);
    const db = new Low<StateData>(
      new DataFile<StateData>(path, {
        parse: (text) => parseState(text, path),
        stringify: (data) => JSON.stringify(data),
      }),
      emptyStateData(),
    );
    await db.read();
    return new LowdbStateStore(db, path, options);
  }

  /** How many times the file was rewritten since opening: what the batching saves, made observable. */
  get writeCount(): number {
    return this.fileWrites;
  }

  override async flush(): Promise<void> {
    this.cancelTimer();
    if (this.dirty) this.writing = this.write(this.writing);
    await this.writing;
  }

  override async close(): Promise<void> {
    await this.flush();
  }

  protected override changed(): void {
    this.dirty = true;
    // A fixed deadline from the first pending change (not reset by later ones), so a steady stream of changes
    // cannot postpone the write forever.
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) => this.options.onWriteError?.(error));
    }, this.options.flushDelayMs ?? 250);
    this.timer.unref();
  }

  /** Writes after `previous` settles; a failed write leaves the store dirty so the next flush retries it. */
  private async write(previous: Promise<void>): Promise<void> {
    await previous.catch(() => undefined);
    if (!this.dirty) return;
    this.dirty = false;
    this.fileWrites++;
    try {
      await this.db.write();
      // lowdb's writer creates each version with the default mode; the file holds titles and URLs, so only its owner reads it.
      await chmod(this.path, PRIVATE_FILE_MODE);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function parseState(text: string, path: string): StateData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StoreError(
      "state_corrupt",
      `The state file ${path} is not valid JSON (${String(error)}). Move it aside: Linksync rebuilds its state from Notion and the link provider.`,
    );
  }
  if (!isStateData(parsed)) {
    throw new StoreError(
      "state_corrupt",
      `The state file ${path} is not in a format this version of Linksync understands. Move it aside: Linksync rebuilds its state from Notion and the link provider.`,
    );
  }
  return parsed;
}

function isStateData(value: unknown): value is StateData {
  if (typeof value !== "object" || value === null) return false;
  const { version, connections, databases } = value as Partial<StateData>;
  return version === 1 && typeof connections === "object" && typeof databases === "object";
}
