import { LinksyncError } from "@linksync/link-contract";
import { NotionError } from "../notion/notion-error";
import { ProviderError } from "../providers/link-provider";

/**
 * A failure that waiting can cure (Notion or the provider unreachable, rate-limited past every retry): the work
 * stays in the outbox and the database reports "offline, N pending" until a later cycle replays it.
 */
export function isTransient(error: unknown): boolean {
  return (error instanceof NotionError || error instanceof ProviderError) && error.transient;
}

/** Notion no longer accepts the connection's token: the connection stops and its token is wiped. */
export function isRevoked(error: unknown): boolean {
  return error instanceof NotionError && error.code === "unauthorized";
}

/**
 * Notion refused a write for this row alone (a value it rejects, a page in the trash or gone): the row's problem,
 * recorded on the row and in the audit log; the run goes on with the other rows.
 */
export function isRowRefusal(error: unknown): error is NotionError {
  return (
    error instanceof NotionError &&
    !error.transient &&
    (error.code === "validation_error" || error.code === "object_not_found")
  );
}

/** Notion's answer to a write on a trashed page ("Can't edit block that is archived"). */
export function isTrashedRefusal(error: unknown): boolean {
  return isRowRefusal(error) && /is archived|in_trash|in the trash/i.test(error.message);
}

/** A code and a sentence for the outbox and the audit log; never a secret (both error types are scrubbed). */
export function describeFailure(error: unknown): { readonly code: string; readonly message: string } {
  if (error instanceof NotionError || error instanceof ProviderError) {
    return { code: error.code, message: error.message };
  }
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}

/** Which side could not be reached: the database reports "offline" either way, the events say which. */
export function unreachable(error: unknown): "notion" | "provider" {
  return error instanceof ProviderError ? "provider" : "notion";
}

/**
 * Raised when a step meets a transient failure: the step's intent is kept pending and the phase stops rather
 * than hammering a service that is down.
 */
export class WorkDeferred extends LinksyncError<"work_deferred"> {
  override readonly name = "WorkDeferred";
  constructor(override readonly cause: unknown) {
    super("work_deferred", describeFailure(cause).message);
  }
}
