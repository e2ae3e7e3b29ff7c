import { randomUUID } from "node:crypto";
import type { Clock } from "@linksync/core";
import {
  type IntentError,
  type JsonValue,
  type OutboxEntry,
  OutboxError,
  type OutboxIntent,
  type OutboxPort,
  PendingIntents,
  scrubSecrets,
  storedError,
  type WriteIntent,
} from "@linksync/core/ports";
import type { SqlQueryable } from "@linksync/shortener/database";

export interface SqlOutboxOptions {
  /**
   * Whose intents these are: a database's key id (`connection/data source`) on the server, where at most one worker
   * runs a database at a time. Each scope has its own order and keys.
   */
  readonly scope: string;
  readonly clock: Clock;
}

interface OutboxRow {
  id: string;
  seq: number;
  intent: unknown;
  enqueued_at: Date | string;
  state: OutboxEntry["state"];
  attempts: number;
  last_error: IntentError | null;
}

/**
 * The outbox in one SQL table. It follows the file outbox's rules: each call resolves once its record is committed;
 * after a crash, `pending()` yields exactly the unsettled intents in their original order, `sent` flagging those
 * whose outcome is unclear; a settled or finally failed intent is deleted. The scope's pending entries are also held
 * in memory (read once at `open`) by core's `PendingIntents`, the file outbox's own, which is what answers
 * `isPending` and `pending` without a round trip: one worker runs a scope at a time, so its memory is the truth
 * while it runs. Statements go out one after the other, so the
 * table always receives them in the order they were made.
 */
export class SqlOutbox<I extends OutboxIntent = WriteIntent> implements OutboxPort<I> {
  private readonly entries = new PendingIntents<I>();
  private writes: Promise<void> = Promise.resolve();
  /** Set when a statement failed: memory and table may disagree, so the outbox stops rather than guess. */
  private failure: unknown = null;

  private constructor(
    private readonly sql: SqlQueryable,
    private readonly scope: string,
    private readonly clock: Clock,
  ) {}

  static async open<I extends OutboxIntent = WriteIntent>(
    sql: SqlQueryable,
    options: SqlOutboxOptions,
  ): Promise<SqlOutbox<I>> {
    const outbox = new SqlOutbox<I>(sql, options.scope, options.clock);
    const { rows } = await sql.query<OutboxRow>(
      `SELECT id, seq, intent, enqueued_at, state, attempts, last_error FROM sync_outbox
       WHERE scope = $1 ORDER BY seq`,
      [options.scope],
    );
    for (const row of rows) outbox.entries.add(toEntry<I>(row));
    return outbox;
  }

  async enqueue(intent: I): Promise<string> {
    const { stored, existing } = this.entries.match(intent);
    if (existing) {
      await this.writes;
      return existing.id;
    }
    const entry = this.entries.next(randomUUID(), stored, new Date(this.clock.now()).toISOString());
    this.entries.add(entry);
    await this.write(
      `INSERT INTO sync_outbox (id, scope, seq, idempotency_key, intent, enqueued_at, state)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, 'queued')`,
      [entry.id, this.scope, entry.seq, stored.idempotencyKey, JSON.stringify(stored), entry.enqueuedAt],
    );
    return entry.id;
  }

  async markSent(id: string): Promise<void> {
    this.entries.markSent(id);
    await this.write("UPDATE sync_outbox SET state = 'sent', attempts = attempts + 1 WHERE id = $1", [id]);
  }

  async settle(id: string, _result: JsonValue = null): Promise<void> {
    this.entries.require(id);
    this.entries.remove(id);
    await this.write("DELETE FROM sync_outbox WHERE id = $1", [id]);
  }

  async fail(id: string, error: IntentError, retryable: boolean): Promise<void> {
    this.entries.require(id);
    if (!retryable) {
      this.entries.remove(id);
      await this.write("DELETE FROM sync_outbox WHERE id = $1", [id]);
      return;
    }
    const safe = storedError(error);
    this.entries.markRetrying(id, safe);
    await this.write("UPDATE sync_outbox SET state = 'retrying', last_error = $2::jsonb WHERE id = $1", [
      id,
      JSON.stringify(safe),
    ]);
  }

  isPending(id: string): boolean {
    return this.entries.has(id);
  }

  pending(): readonly OutboxEntry<I>[] {
    return this.entries.list();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Waits for the statements already made; the SQL client belongs to the server. */
  async close(): Promise<void> {
    await this.writes.catch(() => undefined);
  }

  private write(text: string, params: readonly unknown[]): Promise<void> {
    if (this.failure !== null) {
      throw new OutboxError(
        "outbox_unwritable",
        "An earlier outbox write failed, so the table may not match what was recorded. Restart the worker: pending writes resume from the table.",
      );
    }
    const run = async (): Promise<void> => {
      await this.sql.query(text, params);
    };
    this.writes = this.writes.then(run).catch((error: unknown) => {
      this.failure = error;
      throw new OutboxError(
        "outbox_unwritable",
        `The outbox table cannot be written (${scrubSecrets(String(error))}). Check the database, then restart the worker: pending writes resume from the table.`,
      );
    });
    return this.writes;
  }
}

function toEntry<I extends OutboxIntent>(row: OutboxRow): OutboxEntry<I> {
  const intent = row.intent;
  if (typeof intent !== "object" || intent === null || !("idempotencyKey" in intent) || !("kind" in intent)) {
    throw new OutboxError(
      "outbox_corrupt",
      `Outbox entry ${row.id} is not an intent this version understands. Run the newer server, or delete the entry (its write is re-planned by the next sync).`,
    );
  }
  return {
    id: row.id,
    seq: Number(row.seq),
    intent: intent as I,
    enqueuedAt: new Date(row.enqueued_at).toISOString(),
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}
