import type { SqlQueryable } from "@linksync/shortener/database";

/** The rows a run read from the waiting list, and the mark below which it may forget them once they synced. */
export interface TakenRows {
  readonly pageIds: readonly string[];
  readonly upTo: string;
}

/**
 * The rows Notion's webhooks named, per server database, until a targeted run syncs them (`sync_pending_rows`).
 * Kept in a table rather than in the job's data: the queue holds one waiting job per database (`stately`), so a
 * second event while a job waits adds its row here and the waiting job takes both.
 */
export class PendingRows {
  constructor(private readonly sql: SqlQueryable) {}

  async add(databaseId: string, pageIds: readonly string[]): Promise<void> {
    await this.sql.query(
      `INSERT INTO sync_pending_rows (database_id, page_id) SELECT $1, unnest($2::text[])
       ON CONFLICT (database_id, page_id) DO UPDATE SET seq = nextval('sync_pending_rows_seq')`,
      [databaseId, [...new Set(pageIds)]],
    );
  }

  /** What waits for the database; `null` when nothing does. */
  async take(databaseId: string): Promise<TakenRows | null> {
    const { rows } = await this.sql.query<{ page_id: string; seq: string }>(
      "SELECT page_id, seq::text AS seq FROM sync_pending_rows WHERE database_id = $1 ORDER BY seq",
      [databaseId],
    );
    const last = rows.at(-1);
    if (last === undefined) return null;
    return { pageIds: rows.map((row) => row.page_id), upTo: last.seq };
  }

  /** Forgets what a run synced; a row named again since (a higher `seq`) stays for the next run. */
  async settle(databaseId: string, taken: TakenRows): Promise<void> {
    await this.sql.query(
      "DELETE FROM sync_pending_rows WHERE database_id = $1 AND page_id = ANY($2::text[]) AND seq <= $3::bigint",
      [databaseId, taken.pageIds, taken.upTo],
    );
  }

  async count(): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM sync_pending_rows");
    return rows[0]?.n ?? 0;
  }
}
