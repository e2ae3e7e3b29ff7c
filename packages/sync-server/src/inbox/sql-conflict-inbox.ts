import type { ConflictEvent, ConflictRecord } from "@linksync/core/ports";
import type { SqlQueryable } from "@linksync/shortener/database";

/**
 * The conflicts inbox in one table shared by every worker: a conflict is listed once whoever saw it (its id is the
 * key), newest first, with what the user acknowledged.
 */
export class SqlConflictInbox {
  constructor(private readonly sql: SqlQueryable) {}

  async add(conflict: ConflictEvent): Promise<void> {
    await this.sql.query(
      `INSERT INTO sync_conflicts (conflict_id, database_id, event) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (conflict_id) DO NOTHING`,
      [conflict.conflictId, conflict.databaseId, JSON.stringify(conflict)],
    );
  }

  /** Newest first; `databaseId` narrows to one database. */
  async list(databaseId?: string): Promise<readonly ConflictRecord[]> {
    const { rows } = await this.sql.query<{ event: ConflictEvent; acknowledged: boolean }>(
      `SELECT event, acknowledged FROM sync_conflicts WHERE $1::text IS NULL OR database_id = $1
       ORDER BY seq DESC`,
      [databaseId ?? null],
    );
    return rows.map((row) => ({ ...row.event, acknowledged: row.acknowledged }));
  }

  async acknowledge(conflictId: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      "UPDATE sync_conflicts SET acknowledged = true WHERE conflict_id = $1 RETURNING conflict_id",
      [conflictId],
    );
    return rows.length > 0;
  }

  /** Every call is committed when it resolves. */
  async flush(): Promise<void> {}
}
