export type { IssuedToken, TokenOptions } from "./auth/tokens";
export { createControlClient, SandboxControlError } from "./control/http-client";
export type {
  ControlOperationName,
  ControlOperations,
  PersonEditOptions,
  SandboxControl,
} from "./control/operations";
export type { ApiErrorBody, ApiErrorCode } from "./errors/api-error";
export type { FaultRule, FaultSettings, FaultStatus } from "./faults/fault-injector";
export { DEFAULT_RATE_LIMIT, type RateLimitSettings } from "./limits/rate-limiter";
export type { RequestLogEntry, RequestLogSummary } from "./log/request-log";
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
