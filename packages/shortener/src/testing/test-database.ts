import { randomBytes } from "node:crypto";
import pg from "pg";
import { Accounts } from "../accounts/accounts";
import { migrate } from "../database/migrate";
import { PgClient } from "../database/pg-client";
import { PgliteClient } from "../database/pglite-client";
import { jobsSchemaFor, type SqlClient } from "../database/sql-client";

/**
 * Test support for both engines. PostgreSQL tests use `DATABASE_URL` (exported by `.ci/run`; locally run
 * `source scripts/ci-postgres.sh`, which starts the same loopback cluster) and never skip: without a reachable
 * server they fail and say how to start one. Each test database is a fresh schema, dropped afterwards.
 */
export const TEST_DATABASE_URL =
  process.env.DATABASE_URL ?? "postgres://linksync:linksync-ci@127.0.0.1:5432/linksync_test";

export type TestEngine = "postgres" | "pglite";
export const TEST_ENGINES: readonly TestEngine[] = ["pglite", "postgres"];

export interface TestDatabase {
  readonly sql: SqlClient;
  /** Set for PostgreSQL: what `startShortener({ databaseUrl, databaseSchema })` needs to use the same tables. */
  readonly postgres: { readonly databaseUrl: string; readonly databaseSchema: string } | null;
  drop(): Promise<void>;
}

/** A fresh schema on the test PostgreSQL server; dropped by `drop()`. */
export async function createTestSchema(): Promise<{
  databaseUrl: string;
  databaseSchema: string;
  drop(): Promise<void>;
}> {
  const databaseSchema = `t_${randomBytes(8).toString("hex")}`;
  await adminQuery(`CREATE SCHEMA ${databaseSchema}`);
  return {
    databaseUrl: TEST_DATABASE_URL,
    databaseSchema,
    drop: () =>
      adminQuery(
        `DROP SCHEMA IF EXISTS ${databaseSchema} CASCADE; DROP SCHEMA IF EXISTS ${jobsSchemaFor(databaseSchema)} CASCADE`,
      ),
  };
}

/** A migrated database on `engine` with accounts `acct-a` and `acct-b`. */
export async function openTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === "pglite") {
    const sql = await PgliteClient.open();
    await prepare(sql);
    return { sql, postgres: null, drop: () => sql.close() };
  }
  const schema = await createTestSchema();
  const sql = new PgClient({
    connectionString: schema.databaseUrl,
    schema: schema.databaseSchema,
    onError: (error) => console.error("test database:", error),
  });
  await prepare(sql);
  return {
    sql,
    postgres: { databaseUrl: schema.databaseUrl, databaseSchema: schema.databaseSchema },
    drop: async () => {
      await sql.close();
      await schema.drop();
    },
  };
}

async function prepare(sql: SqlClient): Promise<void> {
  await migrate(sql);
  await Accounts.configure(sql, [
    { id: "acct-a", name: "A", apiKey: `key-a-${randomBytes(8).toString("hex")}` },
    { id: "acct-b", name: "B", apiKey: `key-b-${randomBytes(8).toString("hex")}` },
  ]);
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      "The PostgreSQL tests need a server: set DATABASE_URL, or run `source scripts/ci-postgres.sh` (as root, with Debian's postgresql package) to start the loopback cluster CI uses.",
      { cause: error },
    );
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
