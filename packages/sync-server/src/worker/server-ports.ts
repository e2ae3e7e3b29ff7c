import { type Clock, EventBus, systemClock } from "@linksync/core";
import type { SqlClient } from "@linksync/shortener/database";
import { SqlAuditLog } from "../audit/sql-audit-log";
import type { BudgetSettings } from "../budget/budget-rules";
import { migrateSyncState } from "../database/sync-migrations";
import { SqlConflictInbox } from "../inbox/sql-conflict-inbox";
import { SqlSecretVault } from "../secrets/sql-secret-vault";
import { SqlStateStore } from "../store/sql-state-store";
import type { WorkerPorts } from "./database-run";
import { ServerDatabases } from "./server-databases";

export interface ServerPortsOptions {
  /** The server's secret (`LINKSYNC_SHORTENER_SECRETS_KEY`): the key the tokens are sealed under derives from it. */
  readonly serverSecret: string;
  readonly notionBaseUrl?: string;
  readonly budget?: Partial<BudgetSettings>;
  readonly clock?: Clock;
  readonly onError: (error: unknown) => void;
}

/**
 * The sync tables of the server's database, migrated, as the ports a run needs: what a worker holds, and what an
 * admin command or a test uses to connect workspaces and attach databases without running jobs.
 */
export async function openServerPorts(sql: SqlClient, options: ServerPortsOptions): Promise<WorkerPorts> {
  await migrateSyncState(sql);
  const vault = new SqlSecretVault(sql, options.serverSecret);
  return {
    sql,
    store: new SqlStateStore(sql),
    audit: new SqlAuditLog(sql, { secrets: () => vault.knownValues() }),
    inbox: new SqlConflictInbox(sql),
    vault,
    databases: new ServerDatabases(sql),
    events: new EventBus(options.onError),
    clock: options.clock ?? systemClock,
    ...(options.notionBaseUrl !== undefined && { notionBaseUrl: options.notionBaseUrl }),
    ...(options.budget !== undefined && { budget: options.budget }),
    onError: options.onError,
  };
}
