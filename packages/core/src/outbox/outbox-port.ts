import { LinksyncError } from "@linksync/link-contract";
import type { JsonValue, OutboxIntent, WriteIntent } from "./write-intent";

/**
 * Where an unsettled intent stands. `sent` means the remote write was started and nothing came back: after a restart
 * its outcome is unclear, and the engine must read the remote state back before writing again.
 */
export type OutboxEntryState = "queued" | "sent" | "retrying";

export interface IntentError {
  readonly code: string;
  readonly message: string;
}

export interface OutboxEntry<I extends OutboxIntent = WriteIntent> {
  readonly id: string;
  /** Enqueue order; `pending()` is sorted by it. */
  readonly seq: number;
  readonly intent: I;
  readonly enqueuedAt: string;
  readonly state: OutboxEntryState;
  /** How many times `markSent` was recorded. */
  readonly attempts: number;
  readonly lastError: IntentError | null;
}

/**
 * The outbox as every host implements it: the JSON Lines file below for an agent, a table on the Linksync Server
 * (`@linksync/sync-server`). `isPending` and `pending` answer from memory: one host runs a database's writes at a
 * time, so its view is the truth while it runs. One contract suite (`outboxContract`) runs against each.
 */
export interface OutboxPort<I extends OutboxIntent = WriteIntent> {
  enqueue(intent: I): Promise<string>;
  markSent(id: string): Promise<void>;
  settle(id: string, result?: JsonValue): Promise<void>;
  fail(id: string, error: IntentError, retryable: boolean): Promise<void>;
  isPending(id: string): boolean;
  pending(): readonly OutboxEntry<I>[];
  readonly size: number;
  close(): Promise<void>;
}

export type OutboxErrorCode =
  | "not_pending"
  | "idempotency_key_reused"
  | "outbox_corrupt"
  | "outbox_unwritable";

export class OutboxError extends LinksyncError<OutboxErrorCode> {
  override readonly name = "OutboxError";
}
