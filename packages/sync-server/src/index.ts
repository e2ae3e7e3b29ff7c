// Public entry point of @linksync/sync-server: the sync engine's state on the Linksync Server's database.

export { ConnectionAccounts } from "./accounts/connection-accounts";
export {
  listServerSync,
  runSyncAdminCommand,
  type ServerSyncListing,
  SYNC_ADMIN_USAGE,
  type SyncAdminCommandOptions,
} from "./admin/sync-admin";
export { AccountControl } from "./api/account-control";
export { AccountSync } from "./api/account-sync";
export { type SyncApiDeps, type SyncApiOptions, syncApi, syncApiRoutes } from "./api/sync-api";
export { SqlAuditLog, type SqlAuditLogOptions } from "./audit/sql-audit-log";
export { type BudgetSettings, DEFAULT_BUDGET_SETTINGS } from "./budget/budget-rules";
export { SqlSharedBudget, type SqlSharedBudgetOptions } from "./budget/sql-shared-budget";
export { migrateSyncState, SYNC_MIGRATIONS } from "./database/sync-migrations";
export { SqlConflictInbox } from "./inbox/sql-conflict-inbox";
export { type RunWork, SyncMetrics } from "./ops/sync-metrics";
export { SqlOutbox, type SqlOutboxOptions } from "./outbox/sql-outbox";
export { deriveSyncSecretsKey } from "./secrets/server-key";
export { SqlSecretVault } from "./secrets/sql-secret-vault";
export { SqlStateStore } from "./store/sql-state-store";
export {
  createServerNotionWebhooks,
  type ServerNotionWebhooks,
  type ServerNotionWebhooksOptions,
  type SyncRequests,
} from "./webhooks/server-notion-webhooks";
export {
  Gateways,
  runServerDatabase,
  type ServerRunOutcome,
  type ServerRunWork,
  type WorkerPorts,
} from "./worker/database-run";
export { PendingRows } from "./worker/pending-rows";
export { RunLocks } from "./worker/run-locks";
export { type DatabaseRunJob, RunTurns } from "./worker/run-turns";
export {
  attachServerDatabase,
  connectServerWorkspace,
  type ServerAttachInput,
  type ServerConnectionInput,
} from "./worker/server-attach";
export { type ServerDatabase, ServerDatabases } from "./worker/server-databases";
export { openServerPorts, type ServerPortsOptions } from "./worker/server-ports";
export {
  DEFAULT_SYNC_TIMINGS,
  SYNC_DATABASE,
  SYNC_ROWS,
  SYNC_SCHEDULE,
  SYNC_TICK,
  type SyncTimings,
  SyncWorker,
  type SyncWorkerOptions,
  syncQueues,
  type WorkerRunOutcome,
} from "./worker/sync-worker";
export {
  notionBudgetFrom,
  runWorkerCommand,
  syncApiOptionsFrom,
  type WorkerCommandOptions,
} from "./worker/worker-command";
