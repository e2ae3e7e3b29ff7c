import type { SqlClient } from "../database/sql-client";
import type { Route } from "./router";

/**
 * More `/api` endpoints served by this server on its database, run like its own: the caller's key checked (and
 * failed keys counted per address), the key's account in scope (`requestAccount()`), errors answered as
 * `{ error: { code, message } }`. The sync engine's account-scoped API (`@linksync/sync-server`'s `syncApi`) is one;
 * the link service itself imports nothing of what it serves this way.
 */
export interface ApiExtension {
  start(sql: SqlClient): Promise<RunningApiExtension>;
}

export interface RunningApiExtension {
  readonly routes: readonly Route<object>[];
  /** Called before the database closes. */
  close(): Promise<void>;
}
