import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createClock } from "./clock/clock";
import { createControlHandler } from "./control/http-handler";
import type { SandboxControl } from "./control/operations";
import { createSandboxControl } from "./control/sandbox-control";
import { FaultInjector } from "./faults/fault-injector";
import { FileLinks } from "./files/file-links";
import { Router } from "./http/router";
import { createRequestHandler } from "./http/server";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitSettings } from "./limits/rate-limiter";
import { LinkPreviews } from "./link-previews/link-previews";
import { ServiceCalls } from "./link-previews/service-calls";
import { RequestLog } from "./log/request-log";
import { OAuthRegistry } from "./oauth/registry";
import type { UrlPolicy } from "./properties/values";
import { apiRoutes } from "./routes";
import { type SandboxServices, type SandboxSettings, valueContextFor } from "./server/services";
import type { WorkspaceEvents } from "./store/events";
import { loadSnapshotFile, SnapshotWriter } from "./store/persistence";
import { WorkspaceStore } from "./store/workspace-store";
import { WebhookDispatcher } from "./webhooks/dispatcher";

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Per-token limit; default 3 requests/s with a burst of 5. `false` turns it off. */
  rateLimit?: RateLimitSettings | false;
  /**
   * Milliseconds before an edit is visible to query filters and sorts. Default 0, for unit tests; scenario tests
   * and the demo use a non-zero delay (`SCENARIO_VISIBILITY_DELAY_MS`), as Notion's index lags its writes.
   */
  visibilityDelayMs?: number;
  /**
   * How far the sandbox's clock is from the machine's, in ms (negative: behind). Timestamps, filters and the
   * `Date` header all follow it, as Notion's follow Notion's servers and not the caller's clock.
   */
  clockOffsetMs?: number;
  /** JSON file to load the workspace from and keep it in; in memory only when absent. */
  persistPath?: string;
  /** "notion" (default) stores any non-empty string in url properties, as Notion does; "http" refuses non-http(s). */
  urlPolicy?: UrlPolicy;
  /** Rows a query can page through before `request_status` says incomplete (default 10,000). */
  queryResultCap?: number;
  /**
   * File Upload API imports (`mode: "external_url"`) of http:// URLs too. Notion imports https URLs only; tests
   * and the demo serve the shortener over http on loopback. Default false.
   */
  allowHttpImports?: boolean;
  /**
   * File Upload API imports from loopback and private addresses too. Notion's servers reach public addresses only,
   * so by default an import of, say, a shortener on 127.0.0.1 is refused as not publicly accessible, as Notion does;
   * tests and benches that play a public shortener on loopback turn this on. Default false.
   */
  allowPrivateImports?: boolean;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`, what `new Client({ baseUrl })` takes. */
  baseUrl: string;
  port: number;
  control: SandboxControl;
  /** Workspace changes (page.created, page.properties_updated, data_source.schema_updated, ...), ids only. */
  events: WorkspaceEvents;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const offset = options.clockOffsetMs ?? 0;
  const clock = createClock(() => Date.now() + offset);
  const store = new WorkspaceStore(clock, options.visibilityDelayMs ?? 0);
  if (options.persistPath) {
    const snapshot = await loadSnapshotFile(options.persistPath);
    if (snapshot) store.load(snapshot);
  }
  let baseUrl = "http://127.0.0.1";
  const fileLinks = new FileLinks(clock, () => baseUrl);
  const settings: SandboxSettings = {
    urlPolicy: options.urlPolicy ?? "notion",
    queryResultCap: options.queryResultCap ?? 10_000,
    allowHttpImports: options.allowHttpImports ?? false,
    allowPrivateImports: options.allowPrivateImports ?? false,
  };
  const oauth = new OAuthRegistry(store, clock);
  const services: SandboxServices = {
    store,
    clock,
    limiter: new RateLimiter(clock, options.rateLimit ?? DEFAULT_RATE_LIMIT),
    faults: new FaultInjector(),
    log: new RequestLog(),
    fileLinks,
    settings,
    oauth,
    webhooks: new WebhookDispatcher(store, clock),
    linkPreviews: new LinkPreviews(store, clock, oauth, new ServiceCalls(clock)),
    render: {
      store,
      fileLink: (uploadId) => fileLinks.link(uploadId, store.fileUploads.get(uploadId)?.filename ?? "file"),
      get baseUrl() {
        return baseUrl;
      },
    },
    valueContext: (schema) => valueContextFor(store, fileLinks, settings, schema),
  };
  const control = createSandboxControl(services);
  const server = createServer(
    { keepAliveTimeout: 30_000 },
    createRequestHandler(services, new Router(apiRoutes), createControlHandler(control)),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  const writer = options.persistPath ? new SnapshotWriter(store, options.persistPath) : undefined;
  writer?.start();
  return {
    baseUrl,
    port,
    control,
    events: store.events,
    async close() {
      await services.webhooks.close();
      services.linkPreviews.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await writer?.stop();
    },
  };
}
