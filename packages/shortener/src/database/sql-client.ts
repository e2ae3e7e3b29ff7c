/**
 * The one way the server talks SQL, whichever engine runs it: PostgreSQL through `pg` (`DATABASE_URL`) or PGlite
 * embedded in the process. Both take the same statements with `$n` parameters.
 */
export interface SqlQueryable {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ readonly rows: Row[] }>;
  /**
   * Runs a script of several statements without parameters (migrations, pg-boss's own DDL); answers the rows of its
   * last statement.
   */
  exec<Row extends object = Record<string, unknown>>(script: string): Promise<{ readonly rows: Row[] }>;
}

export type SqlEngine = "postgres" | "pglite";

export interface SqlClient extends SqlQueryable {
  readonly engine: SqlEngine;
  /** The schema holding the tables (`public` unless configured; tests use one each). */
  readonly schema: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` from any connection or instance. `onGap` is called when
   * notifications may have been missed (the listening connection dropped and came back), so caches can be cleared.
   */
  listen(channel: string, onPayload: (payload: string) => void, onGap: () => void): Promise<void>;
  /** The channel name to NOTIFY for `name`: clients in separate schemas of one database do not hear each other. */
  channel(name: string): string;
  close(): Promise<void>;
}

/** A schema name safe to splice into SQL (the caller's own, never user input); quoted for good measure. */
export function quotedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(
      `Schema "${schema}" must be 1-63 lowercase letters, digits or _, starting with a letter.`,
    );
  }
  return `"${schema}"`;
}

/**
 * Where the job queue (pg-boss) keeps its tables: its customary `pgboss` schema beside `public`, or
 * `<schema>_jobs` beside a configured schema, so deployments (and tests) sharing one database stay apart.
 */
export function jobsSchemaFor(schema: string): string {
  return schema === "public" ? "pgboss" : `${schema}_jobs`;
}
