// Public entry point of @linksync/core. Surfaces (CLI, desktop, Zapier) import only from here, and only what is
// named here: the rest of the package is its inside.
// Sorted by module. Every error class here extends LinksyncError (code, a sentence, the row or column concerned).

export { type ErrorSubject, isLinksyncError, LinksyncError } from "@linksync/link-contract";
export { QrError } from "@linksync/qr-png";
export { LINKSYNC_SIGNATURE_HEADER, verifyLinksyncSignature } from "@linksync/webhook-protocol";
export type {
  Agent,
  AgentStatus,
  AttachInput,
  AuditQuery,
  ClickStat,
  ClicksPoint,
  ConflictRecord,
  ConnectionInput,
  ConnectionSummary,
  CreateDatabaseInput,
  CycleSummary,
  DatabaseCandidate,
  DatabaseState,
  DatabaseSummary,
  FieldMapIssue,
  FieldMapReport,
  LinkTarget,
  NotionAuth,
  OfflineCause,
  ProviderConfig,
  UpdateDestinationResult,
} from "./agent/agent-api";
export { AgentError, type AgentErrorCode } from "./agent/agent-error";
export { type CreateAgentOptions, createAgent, DEFAULT_POLL_INTERVAL_MS } from "./agent/create-agent";
export type { WebhookAgent } from "./agent/webhook-agent-api";
export {
  AUDIT_KINDS,
  type AuditEntry,
  type AuditFilter,
  type AuditKind,
  type AuditReader,
  filterAuditEntries,
} from "./audit/audit-entry";
export { exportAudit } from "./audit/audit-export";
export { AUDIT_FILE_NAME, AuditLog, auditLogFiles, MemoryAuditLog } from "./audit/audit-log";
export { type Clock, FakeClock, systemClock } from "./clock/clock";
export { CodecError } from "./codec/codec-error";
export { decodeRow } from "./codec/decode-row";
export { CRASH_POINTS, type CrashHook, type CrashPoint } from "./engine/crash-points";
export { QR_IMAGES, type QrImages } from "./engine/database-context";
export type { RowSyncReport } from "./engine/row-sync";
export type { SchemaVerdict } from "./engine/schema-guard";
export {
  type ConflictEvent,
  EventBus,
  type LinksyncEvent,
  type LinksyncEventName,
  type LinksyncEvents,
  type PauseReason,
} from "./events/events";
export { defaultFieldMap, FIELDS, type FieldMap, type FieldRole, type FieldSpec } from "./fields/field-map";
export type { ImportSummary } from "./import/database-import";
export { ImportError, type ImportErrorCode } from "./import/import-error";
export { type ImportPreview, type ImportPreviewRow, previewImport } from "./import/import-preview";
export type { ImportRowOutcome } from "./import/import-rows";
export { parseConflictComment } from "./merge/conflict-comment";
export { conflictId } from "./merge/conflict-id";
export { createNotionGateway, NOTION_VERSION, type NotionGateway } from "./notion/gateway";
export { NotionError, type NotionErrorCode } from "./notion/notion-error";
export type { TokenRefreshRoute } from "./notion/token-refresh";
export { createShortLink } from "./operations/create-short-link";
export { findLinks, type LinkQuery, listRecentLinks } from "./operations/link-queries";
export { listConflicts } from "./operations/list-conflicts";
export { pageReadKeys } from "./operations/mapped-columns";
export type { OperationContext } from "./operations/operation-context";
export { OperationError, type OperationErrorCode } from "./operations/operation-error";
export { recordConflict } from "./operations/record-conflict";
export { fieldMapFromSchema, withSchemaFieldMap } from "./operations/schema-field-map";
export {
  type DestinationOutcome,
  type DestinationUpdate,
  pageOfLink,
  updateDestination,
} from "./operations/update-destination";
export { updateLink } from "./operations/update-link";
export { OutboxError, type OutboxErrorCode } from "./outbox/outbox";
export { mintIdempotencyKey } from "./planning/idempotency-key";
export { qrFileNameFor, qrImageUrlFor } from "./planning/qr-file-name";
export {
  type ChangeSource,
  type Link,
  type LinkProvider,
  ProviderError,
  type ProviderErrorCode,
  type ProviderEvent,
} from "./providers/link-provider";
export { createLinksyncShortenerProvider, LINKSYNC_SHORTENER_KIND } from "./providers/linksync-shortener";
export type { Row, RowSnapshot } from "./rows/row";
export { backoffDelayMs, DEFAULT_BACKOFF } from "./scheduling/backoff";
export type { SchedulerTuning, SharedBudget } from "./scheduling/request-scheduler";
export { columnDefinition } from "./schema/column-definitions";
export { KEY_FILE_NAME, loadOrCreateKeyFile } from "./secrets/key-file";
export { SecretBox, SecretError } from "./secrets/secret-box";
export { SECRETS_FILE_NAME } from "./secrets/secret-vault";
export {
  type DataSourceRunnerAnswer,
  SERVER_SYNC_PATHS,
  type ServerAttachRequest,
  type ServerAuditAnswer,
  type ServerConflictsAnswer,
  type ServerConnectAnswer,
  type ServerConnectRequest,
  type ServerDatabasesAnswer,
  type ServerDatabaseView,
  type SyncNowAnswer,
} from "./server-sync/server-sync-api";
export { ServerSyncClient, type ServerSyncClientOptions } from "./server-sync/server-sync-client";
export { type ConnectionSettings, DEFAULT_REQUESTS_PER_SECOND } from "./store/connection-settings";
export { FileStateStore, ROWS_FILE_NAME, STATE_FILE_NAME } from "./store/file-state-store";
export { JsonLinesError } from "./store/json-lines-file";
export { MemoryStateStore } from "./store/memory-state-store";
export type { DatabaseKey, DatabaseSyncState, StateStore } from "./store/state-store";
export { StoreError } from "./store/state-store";
export { checkDestination, type DestinationCheck, MAX_DESTINATION_LENGTH } from "./validation/destination";
export type { RowProblem } from "./validation/row-problem";
export type { NotionEventOutcome, NotionWebhookEvent } from "./webhooks/notion-event";
export {
  createNotionWebhookReceiver,
  type NotionWebhookHost,
  type NotionWebhookReceiver,
} from "./webhooks/notion-receiver";
export {
  WEBHOOK_EVENT_NAMES,
  type WebhookCreated,
  type WebhookDelivery,
  WebhookError,
  type WebhookEventName,
  type WebhookInput,
  type WebhookSummary,
} from "./webhooks/outgoing-webhook";
