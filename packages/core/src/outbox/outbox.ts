import { randomUUID } from "node:crypto";
import { type Clock, systemClock } from "../clock/clock";
import { JsonLinesFile, readJsonLines } from "../store/json-lines-file";
import { type IntentError, type OutboxEntry, OutboxError, type OutboxPort } from "./outbox-port";
import { PendingIntents, storedError } from "./pending-intents";
import type { JsonValue, OutboxIntent, WriteIntent } from "./write-intent";

export {
  type IntentError,
  type OutboxEntry,
  type OutboxEntryState,
  OutboxError,
  type OutboxErrorCode,
  type OutboxPort,
} from "./outbox-port";

/** Log records, one per line. `entry` is a whole entry, written by compaction. */
type OutboxRecord<I extends OutboxIntent> =
  | {
      readonly t: "enqueue";
      readonly id: string;
      readonly seq: number;
      readonly at: string;
      readonly intent: I;
    }
  | { readonly t: "sent"; readonly id: string; readonly at: string }
  | { readonly t: "settled"; readonly id: string; readonly at: string; readonly result: JsonValue }
  | {
      readonly t: "failed";
      readonly id: string;
      readonly at: string;
      readonly error: IntentError;
      readonly retryable: boolean;
    }
  | { readonly t: "entry"; readonly entry: OutboxEntry<I> };

/** The outbox's file name in an agent data directory. */
export const OUTBOX_FILE_NAME = "outbox.jsonl";

export interface OutboxOptions {
  readonly clock?: Clock;
  /** Rewrite the log without finished entries once this many have finished since the last rewrite (default 500). */
  readonly compactAfter?: number;
}

/**
 * A durable, ordered outbox of write intents: the engine records what it is about to write (`enqueue`) before it
 * writes, marks the attempt (`markSent`), and records the outcome (`settle` or `fail`). Each call resolves only once its
 * record is fsynced, so after a crash or restart `pending()` yields exactly the unsettled intents, in their original
 * order, with `state: "sent"` flagging those whose outcome is unclear.
 *
 * Stored as JSON Lines, not in the lowdb state file: recording an intent is one appended line plus one fsync
 * (concurrent appends share it), where lowdb would rewrite the whole document per intent; a crash can at worst tear
 * the last line, which was never acknowledged and is cut off on open. Finished entries are compacted away.
 */
export class Outbox<I extends OutboxIntent = WriteIntent> implements OutboxPort<I> {
  private readonly entries = new PendingIntents<I>();
  private finishedSinceCompaction = 0;
  /** The latest append: resolves once everything recorded so far is on disk. */
  private lastWrite: Promise<void> = Promise.resolve();
  /** Set when a write failed: memory and file may disagree, so the outbox stops rather than guess. */
  private failure: unknown = null;

  private constructor(
    private readonly file: JsonLinesFile,
    private readonly clock: Clock,
    private readonly compactAfter: number,
  ) {}

  static async open<I extends OutboxIntent = WriteIntent>(
    path: string,
    options: OutboxOptions = {},
  ): Promise<Outbox<I>> {
    const file = await JsonLinesFile.open(path);
    const outbox = new Outbox<I>(file, options.clock ?? systemClock, options.compactAfter ?? 500);
    for await (const { value, line } of readJsonLines(path)) outbox.apply(parseRecord<I>(value, path, line));
    if (outbox.finishedSinceCompaction >= outbox.compactAfter) await outbox.compact();
    return outbox;
  }

  /**
   * Records the intent before the remote write and returns its id. Enqueueing an intent equal to a pending one (same
   * idempotency key and values) returns the pending id, so a re-planned cycle after a restart does not queue twice.
   */
  async enqueue(intent: I): Promise<string> {
    const { stored, existing } = this.entries.match(intent);
    if (existing) {
      await this.lastWrite;
      return existing.id;
    }
    const entry = this.entries.next(randomUUID(), stored, this.now());
    const record: OutboxRecord<I> = {
      t: "enqueue",
      id: entry.id,
      seq: entry.seq,
      at: entry.enqueuedAt,
      intent: stored,
    };
    await this.record(record);
    return record.id;
  }

  /** Records that the remote write is being made now; from here until `settle`/`fail` its outcome is unclear. */
  async markSent(id: string): Promise<void> {
    this.entries.require(id);
    await this.record({ t: "sent", id, at: this.now() });
  }

  /** Records the outcome of a write that succeeded (or was found already applied); the intent leaves `pending()`. */
  async settle(id: string, result: JsonValue = null): Promise<void> {
    this.entries.require(id);
    await this.record({ t: "settled", id, at: this.now(), result });
    await this.compactWhenDue();
  }

  /**
   * Records a failed attempt. A retryable failure (offline, rate limited) keeps the intent pending in its place; a
   * final one (refused input) removes it, and the engine reports it on the row and in the audit log.
   */
  async fail(id: string, error: IntentError, retryable: boolean): Promise<void> {
    this.entries.require(id);
    await this.record({ t: "failed", id, at: this.now(), error: storedError(error), retryable });
    if (!retryable) await this.compactWhenDue();
  }

  /** Whether the intent is still unsettled (a replay that re-ran the same intent under its key has settled it). */
  isPending(id: string): boolean {
    return this.entries.has(id);
  }

  /** Every unsettled intent, oldest first: the replay order. */
  pending(): readonly OutboxEntry<I>[] {
    return this.entries.list();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Rewrites the log with only the unsettled entries. */
  async compact(): Promise<void> {
    this.requireWritable();
    // The snapshot is taken now and queued behind every append already recorded, so file and memory stay in step.
    this.finishedSinceCompaction = 0;
    await this.durably(
      this.file.rewrite(this.pending().map((entry): OutboxRecord<I> => ({ t: "entry", entry }))),
    );
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  /**
   * Applies the record in memory and queues its append in the same step, so the file's order is memory's order
   * whatever runs concurrently; resolves once it is on disk.
   */
  private async record(record: OutboxRecord<I>): Promise<void> {
    this.requireWritable();
    this.apply(record);
    await this.durably(this.file.append([record]));
  }

  private async durably(write: Promise<void>): Promise<void> {
    this.lastWrite = write.catch((error: unknown) => {
      this.failure = error;
      throw new OutboxError(
        "outbox_unwritable",
        `The outbox file cannot be written (${String(error)}). Free disk space or fix permissions, then restart Linksync: pending writes resume from the file.`,
      );
    });
    await this.lastWrite;
  }

  private requireWritable(): void {
    if (this.failure !== null) {
      throw new OutboxError(
        "outbox_unwritable",
        "An earlier outbox write failed, so its file may not match what was recorded. Restart Linksync: pending writes resume from the file.",
      );
    }
  }

  /** Folds one record into the in-memory view; the same function serves live calls and replay on open. */
  private apply(record: OutboxRecord<I>): void {
    if (record.t === "entry" || record.t === "enqueue") {
      const entry =
        record.t === "entry"
          ? record.entry
          : {
              id: record.id,
              seq: record.seq,
              intent: record.intent,
              enqueuedAt: record.at,
              state: "queued" as const,
              attempts: 0,
              lastError: null,
            };
      this.entries.add(entry);
      return;
    }
    if (!this.entries.has(record.id)) return;
    if (record.t === "sent") {
      this.entries.markSent(record.id);
    } else if (record.t === "failed" && record.retryable) {
      this.entries.markRetrying(record.id, record.error);
    } else {
      this.entries.remove(record.id);
      this.finishedSinceCompaction++;
    }
  }

  private async compactWhenDue(): Promise<void> {
    if (this.finishedSinceCompaction >= this.compactAfter) await this.compact();
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function parseRecord<I extends OutboxIntent>(value: unknown, path: string, line: number): OutboxRecord<I> {
  if (isRecord(value)) return value as OutboxRecord<I>;
  throw new OutboxError(
    "outbox_corrupt",
    `Line ${line} of the outbox ${path} is not an outbox record. Restore the file from a backup or move it aside (pending writes in it will be re-planned by the next sync).`,
  );
}

const RECORD_TYPES = new Set(["enqueue", "sent", "settled", "failed", "entry"]);

function isRecord(value: unknown): boolean {
  if (typeof value !== "object" || value === null || !("t" in value)) return false;
  const { t } = value;
  if (typeof t !== "string" || !RECORD_TYPES.has(t)) return false;
  return t === "entry" ? "entry" in value : "id" in value && typeof value.id === "string";
}
