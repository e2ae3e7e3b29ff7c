import { readdir, readFile } from "node:fs/promises";
import type { SqlClient } from "./sql-client";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);
const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
/** Any constant: instances starting together apply migrations one at a time. */
const MIGRATION_LOCK = 7_310_482_113;

/** The plain SQL files in `migrations/`, in order (`001_links.sql`, `002_…`). */
export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => MIGRATION_FILE.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const [, version, name] = MIGRATION_FILE.exec(file)!;
      return {
        version: Number(version),
        name: name!,
        sql: await readFile(new URL(file, MIGRATIONS_DIR), "utf8"),
      };
    }),
  );
}

/**
 * Applies the migrations not applied yet, all in one transaction under a transaction-level advisory lock, so two
 * instances starting at once never both apply one, and a failing migration leaves the schema as it was.
 * Returns the versions it applied.
 */
export async function migrate(client: SqlClient): Promise<number[]> {
  const migrations = await loadMigrations();
  return client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...applied);
    const known = migrations.at(-1)?.version ?? 0;
    if (newest > known) {
      throw new Error(
        `The database is at schema version ${newest}, newer than this server knows (${known}); run the newer server.`,
      );
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

/** The versions not applied yet; empty when the schema is current (for `/ready`). */
export async function pendingMigrations(client: SqlClient): Promise<number[]> {
  const migrations = await loadMigrations();
  const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
  const applied = new Set(rows.map((row) => row.version));
  return migrations.filter((migration) => !applied.has(migration.version)).map((m) => m.version);
}
