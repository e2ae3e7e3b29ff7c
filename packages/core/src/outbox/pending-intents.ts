import { isDeepStrictEqual } from "node:util";
import { scrubSecrets } from "../secrets/redaction";
import { type IntentError, type OutboxEntry, OutboxError } from "./outbox-port";
import type { OutboxIntent } from "./write-intent";

/**
 * An outbox's unsettled intents, in memory, by the rules every outbox follows (the agent's file, the server's
 * table): what answers `isPending` and `pending()` without reading the store, since one host runs a database's writes
 * at a time. An intent equal to a pending one under the same key is that entry; another under its key is refused; a
 * settled or finally failed entry leaves; a retryable failure stays in its place.
 */
export class PendingIntents<I extends OutboxIntent> {
  private readonly entries = new Map<string, OutboxEntry<I>>();
  private readonly byKey = new Map<string, string>();
  private nextSeq = 1;

  /**
   * The intent as it will read back after a restart (no `undefined` fields), so comparisons agree before and after,
   * and the pending entry it stands for, if any.
   */
  match(intent: I): { readonly stored: I; readonly existing: OutboxEntry<I> | undefined } {
    const stored = JSON.parse(JSON.stringify(intent)) as I;
    const id = this.byKey.get(intent.idempotencyKey);
    const existing = id === undefined ? undefined : this.entries.get(id);
    if (existing && !isDeepStrictEqual(existing.intent, stored)) {
      throw new OutboxError(
        "idempotency_key_reused",
        `Idempotency key "${intent.idempotencyKey}" is pending with other values. Give each distinct write its own key.`,
      );
    }
    return { stored, existing };
  }

  /** The next entry in the replay order, not yet added. */
  next(id: string, intent: I, enqueuedAt: string): OutboxEntry<I> {
    return { id, seq: this.nextSeq, intent, enqueuedAt, state: "queued", attempts: 0, lastError: null };
  }

  add(entry: OutboxEntry<I>): void {
    this.entries.set(entry.id, entry);
    this.byKey.set(entry.intent.idempotencyKey, entry.id);
    this.nextSeq = Math.max(this.nextSeq, entry.seq + 1);
  }

  /** The remote write is being made: from here until it settles or fails its outcome is unclear. */
  markSent(id: string): void {
    const entry = this.require(id);
    this.entries.set(id, { ...entry, state: "sent", attempts: entry.attempts + 1 });
  }

  /** A retryable failure: the entry keeps its place, with the error as stored (`storedError`). */
  markRetrying(id: string, error: IntentError): void {
    const entry = this.require(id);
    this.entries.set(id, { ...entry, state: "retrying", lastError: error });
  }

  /** Settled, or failed for good: the entry leaves. */
  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.byKey.delete(entry.intent.idempotencyKey);
  }

  require(id: string): OutboxEntry<I> {
    const entry = this.entries.get(id);
    if (entry === undefined) {
      throw new OutboxError(
        "not_pending",
        `Outbox entry ${id} is not pending (already settled, failed for good, or never enqueued).`,
      );
    }
    return entry;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Every unsettled intent, oldest first: the replay order. */
  list(): readonly OutboxEntry<I>[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A failure as an outbox stores it: its message scrubbed of anything that looks like a secret. */
export function storedError(error: IntentError): IntentError {
  return { code: error.code, message: scrubSecrets(error.message) };
}
