import { type MigrationSet, migrate, type SqlClient } from "@linksync/shortener/database";

/** The sync engine's tables, versioned apart from the link service's (`sync_schema_migrations`). */
export const SYNC_MIGRATIONS: MigrationSet = {
  dir: new URL("./migrations/", import.meta.url),
  table: "sync_schema_migrations",
  product: "sync server",
};

/** Applies the sync engine's pending migrations (one transaction, under the server's migration lock). */
export function migrateSyncState(sql: SqlClient): Promise<number[]> {
  return migrate(sql, SYNC_MIGRATIONS);
}
