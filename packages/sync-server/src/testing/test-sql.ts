import { PgClient, PgliteClient, type SqlClient } from "@linksync/shortener/database";
import { createTestSchema, TEST_ENGINES, type TestEngine } from "@linksync/shortener/testing";
import { migrateSyncState } from "../database/sync-migrations";

export { TEST_ENGINES, type TestEngine };

export interface TestSql {
  readonly sql: SqlClient;
  /** Set for PostgreSQL: what another process needs to reach the same tables. */
  readonly postgres: { readonly databaseUrl: string; readonly databaseSchema: string } | null;
  /** Every sync table's rows as text: what the database keeps at rest. */
  atRest(): Promise<string>;
  drop(): Promise<void>;
}

const SYNC_TABLES = [
  "sync_connections",
  "sync_databases",
  "sync_rows",
  "sync_outbox",
  "sync_audit",
  "sync_conflicts",
  "sync_secrets",
] as const;

/**
 * A migrated sync schema on `engine`: PGlite in memory, or a fresh schema on the test PostgreSQL server
 * (`DATABASE_URL`; `source scripts/ci-postgres.sh` locally), dropped by `drop()`.
 */
export async function openTestSql(engine: TestEngine): Promise<TestSql> {
  const atRest = (sql: SqlClient) => async () => {
    const parts: string[] = [];
    for (const table of SYNC_TABLES) {
      const { rows } = await sql.query<{ text: string | null }>(
        `SELECT string_agg(t::text, E'\\n') AS text FROM ${table} t`,
      );
      parts.push(rows[0]?.text ?? "");
    }
    return parts.join("\n");
  };
  if (engine === "pglite") {
    const sql = await PgliteClient.open();
    await migrateSyncState(sql);
    return { sql, postgres: null, atRest: atRest(sql), drop: () => sql.close() };
  }
  const schema = await createTestSchema();
  const sql = new PgClient({
    connectionString: schema.databaseUrl,
    schema: schema.databaseSchema,
    onError: (error) => console.error("test database:", error),
  });
  await migrateSyncState(sql);
  return {
    sql,
    postgres: { databaseUrl: schema.databaseUrl, databaseSchema: schema.databaseSchema },
    atRest: atRest(sql),
    drop: async () => {
      await sql.close();
      await schema.drop();
    },
  };
}
