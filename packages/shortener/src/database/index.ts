// `@linksync/shortener/database`: the server's SQL layer, for packages that keep their own tables in the same
// database (the sync engine's state in @linksync/sync-server). Every export named.
export { type DatabaseUrlParts, parseDatabaseUrl, redactDatabaseUrl } from "./database-url";
export {
  loadMigrations,
  type Migration,
  type MigrationSet,
  migrate,
  pendingMigrations,
  SERVER_MIGRATIONS,
} from "./migrate";
export { type DatabaseOptions, databaseReadiness, openDatabase, type Readiness } from "./open-database";
export { PgClient, type PgClientOptions } from "./pg-client";
export { PgliteClient, type PgliteClientOptions } from "./pglite-client";
export { quotedSchema, type SqlClient, type SqlEngine, type SqlQueryable } from "./sql-client";
