import type { ChangeSource } from "../providers/link-provider";

/** Who caused an audited change. */
export type AuditSource = ChangeSource | "notion" | "user";

export type ConnectionChange =
  | "connected"
  | "revoked"
  | "paused"
  | "resumed"
  | "disconnected"
  /** A mapped column renamed in Notion, followed by its property id (the field map took the new name). */
  | "column_renamed";

/** One write Linksync made, to a Notion row or to its link. */
export interface WriteAuditEntry {
  readonly kind: "write";
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly connectionId: string;
  readonly databaseId: string;
  readonly pageId: string;
  readonly title: string;
  /** Where the write went. */
  readonly target: "notion" | "provider";
  /** The column written (its name in the user's database). */
  readonly column: string;
  readonly from: string | null;
  readonly to: string | null;
  /** Why, in a few words: "backfill", "Destination edited in Notion", "Short URL edited by a user: reverted". */
  readonly reason: string;
  readonly source: AuditSource;
}

export interface ConflictAuditEntry {
  readonly kind: "conflict";
  readonly at: string;
  readonly connectionId: string;
  readonly databaseId: string;
  readonly pageId: string;
  readonly title: string;
  /** The same id as the `conflict` event's `conflictId`. */
  readonly conflictId: string;
  readonly column: string;
  readonly kept: string;
  readonly dropped: string;
  readonly droppedSource: AuditSource;
}

export interface ConnectionAuditEntry {
  readonly kind: "connection";
  readonly at: string;
  readonly connectionId: string;
  /** Set when the change concerns one database (paused, resumed), `null` for the whole connection. */
  readonly databaseId: string | null;
  readonly change: ConnectionChange;
  readonly reason: string;
}

/** A row Linksync could not sync (bad Destination, unknown Sync value): what was marked on the row, logged. */
export interface RowErrorAuditEntry {
  readonly kind: "row_error";
  readonly at: string;
  readonly connectionId: string;
  readonly databaseId: string;
  readonly pageId: string;
  readonly title: string;
  readonly code: string;
  readonly message: string;
}

export type AuditEntry = WriteAuditEntry | ConflictAuditEntry | ConnectionAuditEntry | RowErrorAuditEntry;

export type AuditKind = AuditEntry["kind"];

export const AUDIT_KINDS = [
  "write",
  "conflict",
  "connection",
  "row_error",
] as const satisfies readonly AuditKind[];

export interface AuditFilter {
  readonly connectionId?: string;
  readonly databaseId?: string;
  readonly kind?: AuditKind | readonly AuditKind[];
  /** Entries at or after this ISO time. */
  readonly since?: string;
  /** Entries before this ISO time. */
  readonly until?: string;
  /** Case-insensitive substring of any field. */
  readonly text?: string;
  /** Keep only the newest `limit` matches. */
  readonly limit?: number;
}

/** The port the engine writes through. */
export interface AuditWriter {
  append(...entries: readonly AuditEntry[]): Promise<void>;
}

/** The port surfaces read through (CLI `linksync audit`, the desktop's history screen). */
export interface AuditReader {
  /** Matching entries, oldest first. */
  query(filter?: AuditFilter): Promise<readonly AuditEntry[]>;
}

/** True when `entry` passes every condition of `filter`. */
export function matchesAuditFilter(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.connectionId !== undefined && entry.connectionId !== filter.connectionId) return false;
  if (filter.databaseId !== undefined && entry.databaseId !== filter.databaseId) return false;
  if (filter.kind !== undefined) {
    const kinds: readonly AuditKind[] = typeof filter.kind === "string" ? [filter.kind] : filter.kind;
    if (!kinds.includes(entry.kind)) return false;
  }
  const at = Date.parse(entry.at);
  if (filter.since !== undefined && at < Date.parse(filter.since)) return false;
  if (filter.until !== undefined && at >= Date.parse(filter.until)) return false;
  if (filter.text !== undefined) {
    const needle = filter.text.toLowerCase();
    return Object.values(entry).some(
      (value) => typeof value === "string" && value.toLowerCase().includes(needle),
    );
  }
  return true;
}

/** Applies `filter` to entries already in time order, `limit` keeping the newest. */
export async function filterAuditEntries(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  filter: AuditFilter = {},
): Promise<AuditEntry[]> {
  const matches: AuditEntry[] = [];
  for await (const entry of entries) if (matchesAuditFilter(entry, filter)) matches.push(entry);
  return filter.limit === undefined ? matches : matches.slice(Math.max(0, matches.length - filter.limit));
}
