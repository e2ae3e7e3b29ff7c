import {
  type AuditEntry,
  type AuditExportFormat,
  type AuditFilter,
  type AuditReader,
  type AuditWriter,
  exportAudit,
  filterAuditEntries,
  isAuditEntry,
  redactAuditEntry,
} from "@linksync/core/ports";
import type { SqlQueryable } from "@linksync/shortener/database";

export interface SqlAuditLogOptions {
  /** The secrets the server currently holds, redacted from every field before an entry is stored. */
  readonly secrets?: () => readonly string[];
}

/**
 * The audit log in one append-only table, in the order entries were appended (every worker's entries in one
 * sequence). Entries are redacted before they are stored, exactly as the agent's file log does. Queries narrow by
 * the indexed columns (connection, database, kind, time) in SQL, then apply the text filter and the limit.
 */
export class SqlAuditLog implements AuditWriter, AuditReader {
  private readonly secrets: () => readonly string[];

  constructor(
    private readonly sql: SqlQueryable,
    options: SqlAuditLogOptions = {},
  ) {
    this.secrets = options.secrets ?? (() => []);
  }

  async append(...entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const secrets = this.secrets();
    const values = entries.map((entry) => JSON.stringify(redactAuditEntry(entry, secrets)));
    await this.sql.query(
      `INSERT INTO sync_audit (at, kind, connection_id, database_id, entry)
       SELECT (e->>'at')::timestamptz, e->>'kind', e->>'connectionId', e->>'databaseId', e
       FROM unnest($1::jsonb[]) WITH ORDINALITY AS t(e, n) ORDER BY n`,
      [values],
    );
  }

  async query(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    const kinds =
      filter.kind === undefined ? null : typeof filter.kind === "string" ? [filter.kind] : filter.kind;
    const { rows } = await this.sql.query<{ entry: unknown }>(
      `SELECT entry FROM sync_audit
       WHERE ($1::text IS NULL OR connection_id = $1)
         AND ($2::text IS NULL OR database_id = $2)
         AND ($3::text[] IS NULL OR kind = ANY($3::text[]))
         AND ($4::timestamptz IS NULL OR at >= $4::timestamptz)
         AND ($5::timestamptz IS NULL OR at < $5::timestamptz)
       ORDER BY seq`,
      [
        filter.connectionId ?? null,
        filter.databaseId ?? null,
        kinds,
        filter.since ?? null,
        filter.until ?? null,
      ],
    );
    // Kinds a newer server wrote are left out of the answer rather than failing the whole query.
    const entries = rows.map((row) => row.entry).filter(isAuditEntry);
    return filterAuditEntries(entries, filter);
  }

  async export(format: AuditExportFormat, filter: AuditFilter = {}): Promise<string> {
    return exportAudit(await this.query(filter), format);
  }

  /** The SQL client belongs to the server. */
  async close(): Promise<void> {}
}
