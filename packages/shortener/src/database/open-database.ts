import { parseDatabaseUrl } from "./database-url";
import { type MigrationSet, pendingMigrations, SERVER_MIGRATIONS } from "./migrate";
import { PgClient } from "./pg-client";
import { PgliteClient } from "./pglite-client";
import type { SqlClient } from "./sql-client";

export interface DatabaseOptions {
  /** PostgreSQL; without it, the embedded engine. */
  readonly databaseUrl?: string;
  readonly schema?: string;
  /** The embedded engine's directory; omitted: in memory. */
  readonly dataDir?: string;
  readonly maxConnections?: number;
  readonly onError: (error: unknown) => void;
}

/** PostgreSQL when a URL is given (checked part by part first), otherwise PGlite: the same SQL either way. */
export async function openDatabase(options: DatabaseOptions): Promise<SqlClient> {
  if (options.databaseUrl !== undefined) {
    parseDatabaseUrl(options.databaseUrl);
    return new PgClient({
      connectionString: options.databaseUrl,
      onError: options.onError,
      ...(options.schema !== undefined && { schema: options.schema }),
      ...(options.maxConnections !== undefined && { maxConnections: options.maxConnections }),
    });
  }
  return PgliteClient.open(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
}

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/**
 * `/ready`: the database answers and every migration is applied (the link service's; `sets` names others too, as a
 * sync worker's tables).
 */
export async function databaseReadiness(
  sql: SqlClient,
  sets: readonly MigrationSet[] = [SERVER_MIGRATIONS],
): Promise<Readiness> {
  try {
    const pending: string[] = [];
    for (const set of sets) {
      const prefix = set === SERVER_MIGRATIONS ? "" : `${set.product} `;
      pending.push(...(await pendingMigrations(sql, set)).map((version) => `${prefix}${version}`));
    }
    return pending.length === 0
      ? { ready: true }
      : {
          ready: false,
          reason: `migrations ${pending.join(", ")} are not applied; run linksync-server migrate`,
        };
  } catch {
    return { ready: false, reason: "the database does not answer" };
  }
}
