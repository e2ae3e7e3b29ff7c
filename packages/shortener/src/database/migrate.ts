import { readdir, readFile } from "node:fs/promises";
import type { SqlClient } from "./sql-client";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * One ordered series of migrations with its own bookkeeping table: the link service's, and the sync engine's
 * (`@linksync/sync-server`), which share a database but version their tables independently.
 */
export interface MigrationSet {
  /** The directory of `NNN_name.sql` files. */
  readonly dir: URL;
  /** The table recording which versions are applied. */
  readonly table: string;
  /** What to run when the database is newer than this code, for the refusal message. */
  readonly product: string;
}

/** The link service's own tables. */
export const SERVER_MIGRATIONS: MigrationSet = {
  dir: new URL("./migrations/", import.meta.url),
  table: "schema_migrations",
  product: "server",
};

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Any constant: instances starting together apply migrations one at a time (every set under the same lock). */
const MIGRATION_LOCK = 7_310_482_113;

/** The plain SQL files of `set`, in order (`001_links.sql`, `002_…`). */
export async function loadMigrations(set: MigrationSet = SERVER_MIGRATIONS): Promise<Migration[]> {
  const files = (await readdir(set.dir)).filter((file) => MIGRATION_FILE.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const [, version, name] = MIGRATION_FILE.exec(file)!;
      return {
        version: Number(version),
        name: name!,
        sql: await readFile(new URL(file, set.dir), "utf8"),
      };
    }),
  );
}

function migrationsTable(set: MigrationSet): string {
  if (!TABLE_NAME.test(set.table)) throw new Error(`Migration table "${set.table}" is not a plain name.`);
  return set.table;
}

/**
 * Applies the migrations not applied yet, all in one transaction under a transaction-level advisory lock, so two
 * instances starting at once never both apply one, and a failing migration leaves the schema as it was.
 * Returns the versions it applied.
 */
export async function migrate(client: SqlClient, set: MigrationSet = SERVER_MIGRATIONS): Promise<number[]> {
  const migrations = await loadMigrations(set);
  const table = migrationsTable(set);
  return client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${table}`);
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...applied);
    const known = migrations.at(-1)?.version ?? 0;
    if (newest > known) {
      throw new Error(
        `The database is at schema version ${newest}, newer than this ${set.product} knows (${known}); run the newer ${set.product}.`,
      );
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${table} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

/** The versions not applied yet; empty when the schema is current (for `/ready`). */
export async function pendingMigrations(
  client: SqlClient,
  set: MigrationSet = SERVER_MIGRATIONS,
): Promise<number[]> {
  const migrations = await loadMigrations(set);
  const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${migrationsTable(set)}`);
  const applied = new Set(rows.map((row) => row.version));
  return migrations.filter((migration) => !applied.has(migration.version)).map((m) => m.version);
}
