import type { DataSourceObjectResponse, PageObjectResponse } from "@notionhq/client";
import type { IssuedToken, TokenOptions } from "../auth/tokens";
import type { FaultSettings } from "../faults/fault-injector";
import type { RateLimitSettings } from "../limits/rate-limiter";
import {
  LINK_PREVIEW_CONTROL_OPERATION_NAMES,
  type LinkPreviewControlOperations,
} from "../link-previews/control";
import type { RequestLogSummary } from "../log/request-log";
import { OAUTH_CONTROL_OPERATION_NAMES, type OAuthControlOperations } from "../oauth/control";
import type { CampaignOptions, CampaignSeed } from "../seed/campaign";
import type { PlainValue } from "../seed/plain-values";
import type { WorkspaceSeed, WorkspaceSeedResult } from "../seed/workspace-seed";
import type { WorkspaceSnapshot } from "../store/types";
import { WEBHOOK_CONTROL_OPERATION_NAMES, type WebhookControlOperations } from "../webhooks/control";

export interface TemplateSeed {
  name: string;
  isDefault?: boolean;
  /** Plain values or Notion request objects, as for `createPageAsPerson`. */
  properties?: Record<string, PlainValue>;
  /** Block requests, as `children` on page creation. */
  children?: unknown[];
}

export interface PersonEditOptions {
  /** Which person edits (default: the first person seeded). */
  personId?: string;
  /** Moves the page to or from the trash as part of the edit. */
  inTrash?: boolean;
}

/**
 * Every control operation, declared once. The in-process `SandboxControl`, the HTTP routes under
 * `/__control/{operation}` and the HTTP client are all derived from this map, so they cannot drift.
 */
export interface ControlOperations
  extends OAuthControlOperations,
    WebhookControlOperations,
    LinkPreviewControlOperations {
  seedWorkspace: { args: [seed: WorkspaceSeed]; result: WorkspaceSeedResult };
  seedCampaign: { args: [options?: CampaignOptions]; result: CampaignSeed };
  createIntegrationToken: { args: [options?: TokenOptions]; result: IssuedToken };
  createPageAsPerson: {
    args: [
      dataSourceId: string,
      properties: Record<string, PlainValue>,
      options?: Pick<PersonEditOptions, "personId">,
    ];
    result: PageObjectResponse;
  };
  editPageAsPerson: {
    args: [pageId: string, properties: Record<string, PlainValue>, options?: PersonEditOptions];
    result: PageObjectResponse;
  };
  /** A person resolves a comment discussion (`resolved: false` reopens it); resolved ones leave the listing. */
  resolveDiscussion: {
    args: [discussionId: string, resolved?: boolean];
    result: { resolved: boolean };
  };
  /** A template page in a data source, as a person makes one in Notion's UI (the API cannot create templates). */
  createTemplate: {
    args: [dataSourceId: string, template: TemplateSeed];
    result: { templateId: string };
  };
  updateSchema: {
    args: [dataSourceId: string, properties: Record<string, Record<string, unknown> | null>];
    result: DataSourceObjectResponse;
  };
  requestLog: { args: []; result: RequestLogSummary };
  resetRequestLog: { args: []; result: null };
  advanceClock: { args: [ms: number]; result: { now: string } };
  now: { args: []; result: { now: string } };
  setFaults: { args: [faults: FaultSettings]; result: null };
  clearFaults: { args: []; result: null };
  setRateLimit: { args: [settings: RateLimitSettings | false]; result: null };
  setVisibilityDelay: { args: [ms: number]; result: null };
  revokeToken: { args: [token: string]; result: { revoked: boolean } };
  snapshot: { args: []; result: WorkspaceSnapshot };
  reset: { args: []; result: null };
}

export type ControlOperationName = keyof ControlOperations;

/** Typed methods for a map of operations (each feature declares its own map beside its code). */
export type ControlMethods<
  Operations extends { [Name in keyof Operations]: { args: unknown[]; result: unknown } },
> = {
  [Name in keyof Operations]: (...args: Operations[Name]["args"]) => Promise<Operations[Name]["result"]>;
};

export type SandboxControl = ControlMethods<ControlOperations>;

export const CONTROL_OPERATION_NAMES: readonly ControlOperationName[] = [
  "seedWorkspace",
  "seedCampaign",
  "createIntegrationToken",
  "createPageAsPerson",
  "editPageAsPerson",
  "resolveDiscussion",
  "createTemplate",
  "updateSchema",
  "requestLog",
  "resetRequestLog",
  "advanceClock",
  "now",
  "setFaults",
  "clearFaults",
  "setRateLimit",
  "setVisibilityDelay",
  "revokeToken",
  "snapshot",
  "reset",
  ...OAUTH_CONTROL_OPERATION_NAMES,
  ...WEBHOOK_CONTROL_OPERATION_NAMES,
  ...LINK_PREVIEW_CONTROL_OPERATION_NAMES,
];

export function isControlOperation(name: string): name is ControlOperationName {
  return (CONTROL_OPERATION_NAMES as readonly string[]).includes(name);
}
