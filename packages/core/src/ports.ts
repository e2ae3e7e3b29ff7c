// `@linksync/core/ports`: what a host needs to keep the engine's state somewhere else than the agent's files (the
// Linksync Server keeps it in PostgreSQL): the ports' types and the rules every implementation shares. Every export
// named. Surfaces use the main entry point.
export type { ConflictRecord } from "./agent/agent-api";
export {
  AUDIT_KINDS,
  type AuditEntry,
  type AuditFilter,
  type AuditReader,
  type AuditWriter,
  filterAuditEntries,
  matchesAuditFilter,
} from "./audit/audit-entry";
export { type AuditExportFormat, exportAudit } from "./audit/audit-export";
export { isAuditEntry, redactAuditEntry } from "./audit/audit-log";
export type { ConflictEvent } from "./events/events";
export {
  type IntentError,
  type OutboxEntry,
  type OutboxEntryState,
  OutboxError,
  type OutboxPort,
} from "./outbox/outbox";
export { PendingIntents, storedError } from "./outbox/pending-intents";
export type { JsonValue, OutboxIntent, WriteIntent } from "./outbox/write-intent";
export type { RowSnapshot } from "./rows/row";
export type { RequestPriority, SharedBudget } from "./scheduling/scheduler-types";
export { TokenBucket, type TokenBucketState } from "./scheduling/token-bucket";
export { looksLikeSecret, sanitize, scrubSecrets } from "./secrets/redaction";
export { SecretBox, SecretError } from "./secrets/secret-box";
export { type ConnectionSettings, readConnectionSettings } from "./store/connection-settings";
export { isRowSnapshot } from "./store/row-log";
export {
  assertConnectionHoldsNoSecret,
  type ConnectionRecord,
  type DatabaseKey,
  type DatabaseSyncPatch,
  type DatabaseSyncState,
  databaseKeyId,
  emptyDatabaseSyncState,
  type StateStore,
  StoreError,
} from "./store/state-store";
