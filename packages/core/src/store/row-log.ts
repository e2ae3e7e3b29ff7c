import type { RowSnapshot } from "../rows/row";
import { JsonLinesFile, readJsonLines } from "./json-lines-file";
import type { RowTable } from "./memory-state-store";
import { ShardedMap } from "./sharded-map";
import { StoreError } from "./state-store";

/** One line of `rows.jsonl`. Replaying the lines in order rebuilds every database's row snapshots. */
export type RowRecord =
  | { readonly op: "put"; readonly db: string; readonly row: RowSnapshot }
  | { readonly op: "delete"; readonly db: string; readonly pageId: string }
  | { readonly op: "drop"; readonly db: string };

/** Rows serialized per chunk (compaction) or per append slice: well under a millisecond of `JSON.stringify` each. */
const ROWS_PER_CHUNK = 250;

/**
 * The row snapshots of every database as an append-and-compact log (`rows.jsonl`): a flush appends one line per row
 * that changed (and fdatasyncs), so its cost follows what changed, not how many rows there are. When superseded lines
 * outnumber live rows the file is rewritten from memory (compaction: a temporary file written a chunk at a time,
 * fsynced, renamed over the log), so it stays within about twice the live size.
 *
 * Crash safety: an append is acknowledged only once it is on disk, and a crash can only tear the last line, which
 * `open` cuts off; a compaction is a rename, so a crash leaves the old log or the new one. Either way every
 * acknowledged snapshot is read back.
 */
export class RowLog {
  private constructor(
    private readonly file: JsonLinesFile,
    private lines: number,
  ) {}

  /** Opens the log, cutting a torn last line, and replays it into a fresh `RowTable`. */
  static async open(path: string): Promise<{ readonly log: RowLog; readonly rows: RowTable }> {
    const file = await JsonLinesFile.open(path);
    const rows: RowTable = new Map();
    let lines = 0;
    for await (const { value, line } of readJsonLines(path)) {
      if (!isRowRecord(value)) {
        await file.close();
        throw new StoreError(
          "state_corrupt",
          `Line ${line} of ${path} is not a row snapshot this version of Linksync understands. Move the file aside: Linksync rebuilds its state from Notion and the link provider.`,
        );
      }
      apply(rows, value);
      lines++;
    }
    return { log: new RowLog(file, lines), rows };
  }

  /** Lines in the file, live or superseded: with the live row count, what decides a compaction. */
  get size(): number {
    return this.lines;
  }

  /** Appends `records`; resolves once they are durable. Serialized a slice at a time so a large batch never stalls. */
  async append(records: readonly RowRecord[]): Promise<void> {
    const writes: Promise<void>[] = [];
    for (let start = 0; start < records.length; start += ROWS_PER_CHUNK) {
      if (start > 0) await yieldToEventLoop();
      writes.push(this.file.append(records.slice(start, start + ROWS_PER_CHUNK)));
    }
    await Promise.all(writes);
    this.lines += records.length;
  }

  /**
   * Rewrites the log as one `put` per row of `rows`, read while the rewrite runs. A row changed during it may be
   * written in its old or new value; its change is pending in the caller and appended after, so the log ends right.
   */
  async compact(rows: RowTable): Promise<void> {
    let written = 0;
    async function* chunks(): AsyncGenerator<string> {
      let chunk: string[] = [];
      for (const [db, table] of rows) {
        for (const row of table.values()) {
          chunk.push(`${JSON.stringify({ op: "put", db, row } satisfies RowRecord)}\n`);
          if (chunk.length === ROWS_PER_CHUNK) {
            written += chunk.length;
            yield chunk.join("");
            chunk = [];
          }
        }
      }
      written += chunk.length;
      yield chunk.join("");
    }
    await this.file.rewriteChunks(chunks());
    this.lines = written;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** Applies one record to `rows`. */
export function apply(rows: RowTable, record: RowRecord): void {
  if (record.op === "drop") {
    rows.delete(record.db);
    return;
  }
  let table = rows.get(record.db);
  if (record.op === "delete") {
    table?.delete(record.pageId);
    return;
  }
  if (!table) {
    table = new ShardedMap();
    rows.set(record.db, table);
  }
  table.set(record.row.pageId, record.row);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function isRowRecord(value: unknown): value is RowRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.db !== "string") return false;
  if (record.op === "drop") return true;
  if (record.op === "delete") return typeof record.pageId === "string";
  return record.op === "put" && isRowSnapshot(record.row);
}

/** Whether a stored value is a row snapshot this version understands (checked when read, never trusted). */
export function isRowSnapshot(value: unknown): value is RowSnapshot {
  if (typeof value !== "object" || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row.pageId === "string" &&
    typeof row.linkId === "string" &&
    typeof row.destination === "string" &&
    Array.isArray(row.tags) &&
    row.tags.every((tag) => typeof tag === "string") &&
    typeof row.shortUrl === "string" &&
    typeof row.clicks === "number" &&
    (row.qrForShortUrl === null || typeof row.qrForShortUrl === "string") &&
    typeof row.syncedAt === "string"
  );
}
