import type { Clock } from "../clock/clock";
import type { FaultInjector } from "../faults/fault-injector";
import type { FileLinks } from "../files/file-links";
import type { RateLimiter } from "../limits/rate-limiter";
import type { LinkPreviews } from "../link-previews/link-previews";
import type { RequestLog } from "../log/request-log";
import type { OAuthRegistry } from "../oauth/registry";
import type { UrlPolicy, ValueContext } from "../properties/values";
import type { RenderContext } from "../render/context";
import type { PropertyConfig } from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";
import type { WebhookDispatcher } from "../webhooks/dispatcher";

export interface SandboxSettings {
  urlPolicy: UrlPolicy;
  /** Notion stops a query after about 10,000 rows and says so in `request_status`. */
  queryResultCap: number;
  /** File Upload API `external_url` imports also accept http:// URLs (Notion requires https). */
  allowHttpImports: boolean;
  /** `external_url` imports also reach loopback and private addresses (Notion's servers cannot). */
  allowPrivateImports: boolean;
}

/** Everything a route handler may use. One instance per running sandbox. */
export interface SandboxServices {
  store: WorkspaceStore;
  clock: Clock;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  fileLinks: FileLinks;
  render: RenderContext;
  settings: SandboxSettings;
  /** Public-integration OAuth: clients, consents, codes, refresh tokens. */
  oauth: OAuthRegistry;
  /** Webhook subscriptions and their deliveries. */
  webhooks: WebhookDispatcher;
  /** Notion's side of Link Preview integrations. */
  linkPreviews: LinkPreviews;
  valueContext(schema: readonly PropertyConfig[]): ValueContext;
}

export function valueContextFor(
  store: WorkspaceStore,
  fileLinks: FileLinks,
  settings: SandboxSettings,
  schema: readonly PropertyConfig[],
): ValueContext {
  return {
    schema,
    urlPolicy: settings.urlPolicy,
    userExists: (id) => store.users.has(id),
    fileUpload: (id) => store.fileUploads.get(id),
    uploadIdFromUrl: (url) => fileLinks.uploadIdOf(url),
  };
}
