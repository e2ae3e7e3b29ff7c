import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AddressLimiter } from "../abuse/address-limiter";
import { type AccountConfig, Accounts, PRIMARY_ACCOUNT_ID } from "../accounts/accounts";
import type { ApiExtension, RunningApiExtension } from "../api/api-extension";
import { apiRoutes } from "../api/routes";
import { ClickCounter } from "../clicks/click-counter";
import { migrate } from "../database/migrate";
import { databaseReadiness, openDatabase } from "../database/open-database";
import type { SqlClient } from "../database/sql-client";
import { LinkChangeHub } from "../link-events/link-change-hub";
import { ObservedStore } from "../link-events/observed-store";
import type { LinkPreviewOptions } from "../link-previews/link-preview-options";
import { LINK_PREVIEW_PATHS } from "../link-previews/link-preview-paths";
import type { LinkPreviewSettings } from "../link-previews/preview-settings";
import { LinkService } from "../links/link-service";
import type { OAuthBrokerOptions } from "../oauth-broker/broker-options";
import { BROKER_PATHS } from "../oauth-broker/broker-routes";
import { createServerLogger, type ServerLogger } from "../ops/logger";
import { ServerMetrics } from "../ops/metrics";
import { QrImages } from "../qr/qr-images";
import { RedirectCache } from "../redirect/redirect-cache";
import { SealedSecrets } from "../secrets/sealed-secrets";
import { SecretBox } from "../secrets/secret-box";
import { LINK_CHANGED_CHANNEL, SqlStore, UTM_CHANGED_CHANNEL } from "../store/sql-store";
import { UtmTemplates } from "../utm/utm-templates";
import type { WebhookOptions } from "../webhooks/webhook-options";
import { normalizeBrandedBaseUrl } from "./branded-base-url";
import { type RunningIntegrations, startIntegrations } from "./integrations";
import { requestListener } from "./request-listener";

export interface ShortenerOptions {
  /** Required on every `/api` request as `Authorization: Bearer <apiKey>`. */
  readonly apiKey: string;
  /** 0 or omitted: any free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1; use 0.0.0.0 to serve other machines. */
  readonly host?: string;
  /** Base of every short URL, e.g. `https://go.acme.com`; defaults to the listening URL. */
  readonly brandedBaseUrl?: string;
  /**
   * PostgreSQL connection string (`postgres://user:password@host:5432/db`): the team setup, any number of
   * instances on one database. Omitted: the embedded engine (PGlite) with `dataDir`.
   */
  readonly databaseUrl?: string;
  /** Tables in this PostgreSQL schema instead of `public` (tests use one per run). */
  readonly databaseSchema?: string;
  /**
   * Directory of the embedded database (created when missing), used when `databaseUrl` is not set; omitted:
   * an in-memory database that ends with the process.
   */
  readonly dataDir?: string;
  /**
   * Kept for callers of the JSON-file era: the embedded database goes in the directory named like the file
   * without `.json` plus `.db` (`./data/shortener.json` → `./data/shortener.db`). Prefer `dataDir`.
   */
  readonly dataFile?: string;
  /** Links kept in the redirect cache (least recently used dropped). Default 100,000. */
  readonly redirectCacheSize?: number;
  /** How often counted clicks are written to the store; the clicks of this window are lost on a hard kill. */
  readonly clickFlushIntervalMs?: number;
  /** Name of the account that owns `apiKey`, shown on consent pages and to Notion. Default "Linksync". */
  readonly accountName?: string;
  /** More accounts, each with its own API key; links, webhooks and Notion connections belong to one account. */
  readonly accounts?: readonly AccountConfig[];
  /**
   * 32 random bytes (base64 or 64 hex digits) sealing the secrets the shortener stores (webhook secrets, Notion
   * tokens) with AES-256-GCM. Without it a per-process key is used, so stored secrets do not survive a restart.
   */
  readonly secretsKey?: string;
  /** Where browsers and Notion reach this service (OAuth callbacks, unfurl URL). Default: `brandedBaseUrl`. */
  readonly publicUrl?: string;
  /**
   * Outgoing webhooks: retry back-off, auto-pause, polling, timeout, and `targets`: `public` (https to public
   * addresses, the default everywhere) or `any` (also http and private addresses: local development only).
   */
  readonly webhooks?: WebhookOptions;
  /** The OAuth broker for the desktop app (`/oauth/notion/*`); off when omitted. */
  readonly oauthBroker?: OAuthBrokerOptions;
  /** Notion Link Previews for the short domain (`/link-previews/*`); off when omitted. Needs `secretsKey` with a `dataDir`. */
  readonly linkPreviews?: LinkPreviewOptions;
  /**
   * Behind a reverse proxy that appends the client to X-Forwarded-For (nginx `$proxy_add_x_forwarded_for`): rate
   * limits then count per real client. Default false (the socket address).
   */
  readonly trustProxy?: boolean;
  /** Per client address and minute: failed API keys (30), OAuth broker starts (30), consent-form posts (20). */
  readonly abuseLimits?: {
    readonly failedApiKeys?: number;
    readonly brokerStarts?: number;
    readonly consentPosts?: number;
  };
  /** Where failures are logged (pino). Default: JSON lines on stderr at level `warn`; the bin logs `info`. */
  readonly logger?: ServerLogger;
  /** The clock (epoch ms); tests pass a fake one to move time on. */
  readonly now?: () => number;
  /** More `/api` endpoints on this server's database (the sync API: `syncApi()` of `@linksync/sync-server`). */
  readonly apiExtensions?: readonly ApiExtension[];
}

export interface RunningShortener {
  /** Where the service listens, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly port: number;
  /** Base of the short URLs it hands out, without a trailing slash. */
  readonly brandedBaseUrl: string;
  readonly apiKey: string;
  /** What to enter in Notion's Link Preview settings (also `GET /api/link-previews/settings`); null when off. */
  readonly linkPreviewSettings: LinkPreviewSettings | null;
  /** Stops listening, writes every counted click, and closes the store. Calling it again waits for the same close. */
  close(): Promise<void>;
}

export const DEFAULT_CLICK_FLUSH_INTERVAL_MS = 1000;

export async function startShortener(given: ShortenerOptions): Promise<RunningShortener> {
  const options = withDataDir(given);
  if (options.apiKey.trim() === "") throw new Error("startShortener needs a non-empty apiKey.");
  const configuredBase =
    options.brandedBaseUrl === undefined ? null : normalizeBrandedBaseUrl(options.brandedBaseUrl);
  const persistent = options.databaseUrl !== undefined || options.dataDir !== undefined;
  if (options.linkPreviews && persistent && options.secretsKey === undefined) {
    throw new Error(
      "linkPreviews stores Notion tokens encrypted in the database: set secretsKey (32 random bytes, base64) so they can be read after a restart.",
    );
  }
  const configuredPublicUrl =
    options.publicUrl === undefined ? null : normalizeBrandedBaseUrl(options.publicUrl);
  const now = options.now ?? (() => Date.now());
  const log = options.logger ?? createServerLogger("warn");
  const onError = (what: string) => (error: unknown) => log.error({ err: error }, what);
  const sql = await openDatabase({
    ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
    ...(options.databaseSchema !== undefined && { schema: options.databaseSchema }),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    onError: onError("the database connection failed"),
  });
  let accounts: Accounts;
  let sealedSecrets: SealedSecrets;
  try {
    await migrate(sql);
    accounts = await Accounts.configure(sql, [
      { id: PRIMARY_ACCOUNT_ID, name: options.accountName ?? "Linksync", apiKey: options.apiKey },
      ...(options.accounts ?? []),
    ]);
    const secrets =
      options.secretsKey === undefined ? SecretBox.ephemeral() : SecretBox.fromOption(options.secretsKey);
    sealedSecrets = await SealedSecrets.open(sql, secrets, persistent);
  } catch (error) {
    await sql.close();
    throw error;
  }
  const hub = new LinkChangeHub(onError("an integration failed on a link change"));
  const linkStore = new SqlStore(sql);
  const store = new ObservedStore(linkStore, hub);
  const redirects = new RedirectCache(options.redirectCacheSize);
  const utm = new UtmTemplates(store, now);
  const metrics = new ServerMetrics();
  hub.subscribe(async (change) => {
    if (change.kind === "updated") redirects.evict(change.link.slug);
    if (change.kind === "created") metrics.linksCreated.inc();
  });
  const clickFlushIntervalMs = options.clickFlushIntervalMs ?? DEFAULT_CLICK_FLUSH_INTERVAL_MS;
  const clicks = new ClickCounter(
    store,
    clickFlushIntervalMs,
    onError("writing click counts failed; they are kept and retried"),
    (seconds) => metrics.clicksFlush.observe(seconds),
  );
  let closeIntegrations = async () => {};
  const extensions: RunningApiExtension[] = [];
  const closeStorage = async () => {
    await clicks.close();
    await closeIntegrations();
    for (const extension of extensions.splice(0)) await extension.close();
    await store.close();
    await sql.close();
  };

  // 64 KiB of headers: a GET /api/clicks listing the documented 1,000 ids fits (Node's default is 16 KiB).
  const server = createServer({ maxHeaderSize: 64 * 1024 });
  const host = options.host ?? "127.0.0.1";
  let port: number;
  try {
    await listenForChanges(sql, redirects, utm);
    port = await listen(server, options.port ?? 0, host);
  } catch (error) {
    await closeStorage();
    throw error;
  }
  const url = `http://${reachableHost(host)}:${port}`;
  // Without a configured branded base URL, short URLs are built on the listening URL.
  const brandedBaseUrl = configuredBase ?? url;
  const links = new LinkService({ store, clicks, brandedBaseUrl, now });
  let integrations: RunningIntegrations;
  try {
    integrations = await startIntegrations({
      sql,
      secrets: sealedSecrets,
      links: linkStore,
      linkService: links,
      hub,
      accounts,
      brandedBaseUrl,
      publicUrl: configuredPublicUrl ?? brandedBaseUrl,
      now,
      clickFlushIntervalMs,
      ...(options.webhooks && { webhooks: options.webhooks }),
      ...(options.oauthBroker && { oauthBroker: options.oauthBroker }),
      ...(options.linkPreviews && { linkPreviews: options.linkPreviews }),
      onError: onError("an integration failed"),
      onDeliveryFailed: () => metrics.deliveryFailures.inc(),
    });
  } catch (error) {
    await stopServer(server);
    await closeStorage();
    throw error;
  }
  closeIntegrations = () => integrations.close();
  try {
    for (const extension of options.apiExtensions ?? []) extensions.push(await extension.start(sql));
  } catch (error) {
    await stopServer(server);
    await closeStorage();
    throw error;
  }
  server.on(
    "request",
    requestListener({
      accounts,
      publicEndpoints: integrations.publicEndpoints,
      onUnexpectedError: onError("unexpected error while serving a request"),
      api: {
        routes: [...apiRoutes, ...integrations.apiRoutes, ...extensions.flatMap((e) => e.routes)],
        context: { links, utm },
      },
      ready: () => databaseReadiness(sql),
      abuse: {
        trustProxy: options.trustProxy ?? false,
        failedApiKeys: new AddressLimiter(options.abuseLimits?.failedApiKeys ?? 30, 60_000, now),
        publicPathLimits: new Map([
          [BROKER_PATHS.start, new AddressLimiter(options.abuseLimits?.brokerStarts ?? 30, 60_000, now)],
          [
            LINK_PREVIEW_PATHS.authorize,
            new AddressLimiter(options.abuseLimits?.consentPosts ?? 20, 60_000, now),
          ],
        ]),
      },
      metrics: () =>
        metrics.render({
          pendingSince: () => clicks.pendingSince(),
          queueDepth: () => integrations.queueDepth(),
        }),
      shortLinks: {
        store,
        utm,
        clicks,
        qr: new QrImages(),
        cache: redirects,
        onRedirect: () => metrics.countRedirect(),
        brandedBaseUrl,
        now,
      },
    }),
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    brandedBaseUrl,
    apiKey: options.apiKey,
    linkPreviewSettings: integrations.linkPreviewSettings,
    close: () => {
      closing ??= stopServer(server).then(closeStorage);
      return closing;
    },
  };
}

function withDataDir(options: ShortenerOptions): ShortenerOptions {
  if (options.dataDir !== undefined || options.dataFile === undefined) return options;
  return { ...options, dataDir: `${options.dataFile.replace(/\.json$/i, "")}.db` };
}

/** Edits and template changes made by any instance evict what this one cached; after a gap, everything. */
async function listenForChanges(sql: SqlClient, redirects: RedirectCache, utm: UtmTemplates): Promise<void> {
  await sql.listen(
    LINK_CHANGED_CHANNEL,
    (slug) => redirects.evict(slug),
    () => redirects.clear(),
  );
  await sql.listen(
    UTM_CHANGED_CHANNEL,
    (accountId) => utm.invalidate(accountId),
    () => utm.invalidateAll(),
  );
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Lets requests in flight finish, drops idle keep-alive connections, and cuts the rest after a grace period. */
function stopServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const grace = setTimeout(() => server.closeAllConnections(), 2000);
    server.close((error) => {
      clearTimeout(grace);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
