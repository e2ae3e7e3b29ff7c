export type { IssuedToken, TokenOptions } from "./auth/tokens";
export { SCENARIO_VISIBILITY_DELAY_MS } from "./clock/clock";
export { createControlClient, SandboxControlError } from "./control/http-client";
export type {
  ControlOperationName,
  ControlOperations,
  PersonEditOptions,
  SandboxControl,
  TemplateSeed,
} from "./control/operations";
export type { ApiErrorBody, ApiErrorCode } from "./errors/api-error";
export type { FaultRule, FaultSettings, FaultStatus } from "./faults/fault-injector";
export { DEFAULT_RATE_LIMIT, type RateLimitSettings } from "./limits/rate-limiter";
export type { LinkPreviewControlOperations } from "./link-previews/control";
export {
  type LinkPasteOutcome,
  type LinkPreview,
  type LinkPreviewIntegration,
  type LinkPreviewIntegrationOptions,
  NOTION_LINK_PREVIEW_REDIRECT_URI,
  type PasteLinkRequest,
} from "./link-previews/link-previews";
export type { LinkPreviewCall, LinkPreviewCallKind } from "./link-previews/service-calls";
export type { UnfurlAttribute, UnfurlError } from "./link-previews/unfurl-operations";
export type { RequestLogEntry, RequestLogSummary } from "./log/request-log";
export type { AuthorizeRequest, OAuthControlOperations } from "./oauth/control";
export type { OAuthClientCredentials, OAuthClientOptions } from "./oauth/registry";
export type { UrlPolicy } from "./properties/values";
export { type RunningSandbox, type SandboxOptions, startSandbox } from "./sandbox";
export {
  CAMPAIGN_PROPERTIES,
  type CampaignOptions,
  type CampaignRow,
  type CampaignSeed,
} from "./seed/campaign";
export type { PlainValue } from "./seed/plain-values";
export type { SeededDatabase, WorkspaceSeed, WorkspaceSeedResult } from "./seed/workspace-seed";
export type { WorkspaceEvent, WorkspaceListener } from "./store/events";
export type { Capability, Grant, WorkspaceSnapshot } from "./store/types";
export { API_VERSIONS, type ApiVersion } from "./versions/api-version";
export type { WebhookControlOperations } from "./webhooks/control";
export type {
  CreatedWebhookSubscription,
  WebhookDelivery,
  WebhookSubscriptionInfo,
  WebhookSubscriptionOptions,
} from "./webhooks/dispatcher";
export { WEBHOOK_EVENT_TYPES, type WebhookEventType, type WebhookPayload } from "./webhooks/payloads";
