// Public entry point of @linksync/shortener: start the service in-process. Everything else goes over HTTP.

// The webhook wire format, shared with the engine through @linksync/webhook-protocol.
export {
  DEFAULT_WEBHOOK_RETRY_POLICY,
  LINKSYNC_SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signLinksyncPayload,
  type VerifyLinksyncSignatureOptions,
  verifyLinksyncSignature,
  type WebhookRetryPolicy,
} from "@linksync/webhook-protocol";
export type { Account, AccountConfig } from "./accounts/accounts";
export { PRIMARY_ACCOUNT_ID } from "./accounts/accounts";
export { requestAccount } from "./accounts/request-account";
export type { ApiExtension, RunningApiExtension } from "./api/api-extension";
export type { ApiRequest, ApiResponse, Route } from "./api/router";
export { type DatabaseOptions, openDatabase } from "./database/open-database";
export { jobsSchemaFor, type SqlClient, type SqlEngine, type SqlQueryable } from "./database/sql-client";
export { ShortenerError, type ShortenerErrorCode } from "./errors/shortener-error";
export {
  type EnqueueOptions,
  type JobHandler,
  type JobInfo,
  JobQueue,
  type JobQueueOptions,
  type StopOptions,
} from "./jobs/job-queue";
export {
  DEFAULT_QUEUE_RETRY,
  defineQueue,
  type QueuePolicy,
  type QueueRetry,
  type QueueSpec,
} from "./jobs/queue-spec";
export { type LinkPreviewOptions, NOTION_LINK_PREVIEW_CALLBACK } from "./link-previews/link-preview-options";
export { LINK_PREVIEW_PATHS } from "./link-previews/link-preview-paths";
export { type LinkPreviewSettings, linkPreviewSettings } from "./link-previews/preview-settings";
export type { OAuthBrokerOptions } from "./oauth-broker/broker-options";
export { BROKER_PATHS } from "./oauth-broker/broker-routes";
export { type OpsEndpoints, serveOpsEndpoint } from "./ops/ops-endpoints";
export {
  type ConflictReport,
  REPORTED_EVENT_TYPES,
  type ReportedEventType,
  type SyncPausedReport,
} from "./reported-events/reported-event";
export {
  DEFAULT_CLICK_FLUSH_INTERVAL_MS,
  type RunningShortener,
  type ShortenerOptions,
  startShortener,
} from "./server/start-shortener";
export type { WebhookEvent, WebhookEventData } from "./webhooks/webhook-events";
export type { WebhookOptions } from "./webhooks/webhook-options";
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./webhooks/webhook-records";
export type { DeliveryView, SubscriptionView } from "./webhooks/webhook-subscriptions";
