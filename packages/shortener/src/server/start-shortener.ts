import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AccountConfig, Accounts, PRIMARY_ACCOUNT_ID } from "../accounts/accounts";
import { LinkOwners } from "../accounts/link-owners";
import { apiRoutes } from "../api/routes";
import { ClickCounter } from "../clicks/click-counter";
import { integrationsFileFor } from "../integration-store/integration-data";
import { IntegrationStore } from "../integration-store/integration-store";
import { LinkChangeHub } from "../link-events/link-change-hub";
import { ObservedStore } from "../link-events/observed-store";
import type { LinkPreviewOptions } from "../link-previews/link-preview-options";
import type { LinkPreviewSettings } from "../link-previews/preview-settings";
import { LinkService } from "../links/link-service";
import type { OAuthBrokerOptions } from "../oauth-broker/broker-options";
import { QrImages } from "../qr/qr-images";
import { LocationCache } from "../redirect/location-cache";
import { SecretBox } from "../secrets/secret-box";
import { LowdbStore } from "../store/lowdb-store";
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
  /** JSON data file (created when missing); omitted: everything is kept in memory only. */
  readonly dataFile?: string;
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
  /** Outgoing webhooks: retry back-off, auto-pause, polling and timeout. */
  readonly webhooks?: WebhookOptions;
  /** The OAuth broker for the desktop app (`/oauth/notion/*`); off when omitted. */
  readonly oauthBroker?: OAuthBrokerOptions;
  /** Notion Link Previews for the short domain (`/link-previews/*`); off when omitted. Needs `secretsKey` with a `dataFile`. */
  readonly linkPreviews?: LinkPreviewOptions;
  /** The clock (epoch ms); tests pass a fake one to move time on. */
  readonly now?: () => number;
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

export async function startShortener(options: ShortenerOptions): Promise<RunningShortener> {
  if (options.apiKey.trim() === "") throw new Error("startShortener needs a non-empty apiKey.");
  const configuredBase =
    options.brandedBaseUrl === undefined ? null : normalizeBrandedBaseUrl(options.brandedBaseUrl);
  if (options.linkPreviews && options.dataFile !== undefined && options.secretsKey === undefined) {
    throw new Error(
      "linkPreviews stores Notion tokens encrypted beside the data file: set secretsKey (32 random bytes, base64) so they can be read after a restart.",
    );
  }
  const configuredPublicUrl =
    options.publicUrl === undefined ? null : normalizeBrandedBaseUrl(options.publicUrl);
  const now = options.now ?? (() => Date.now());
  const accounts = new Accounts([
    { id: PRIMARY_ACCOUNT_ID, name: options.accountName ?? "Linksync", apiKey: options.apiKey },
    ...(options.accounts ?? []),
  ]);
  const secrets =
    options.secretsKey === undefined ? SecretBox.ephemeral() : SecretBox.fromOption(options.secretsKey);
  const integrationStore = await IntegrationStore.open(
    options.dataFile === undefined ? undefined : integrationsFileFor(options.dataFile),
    secrets,
  );
  const owners = new LinkOwners(integrationStore);
  const hub = new LinkChangeHub((error) =>
    console.error("shortener: an integration failed on a link change:", error),
  );
  const linkStore = await LowdbStore.open(options.dataFile);
  const store = new ObservedStore(linkStore, owners, hub);
  const clickFlushIntervalMs = options.clickFlushIntervalMs ?? DEFAULT_CLICK_FLUSH_INTERVAL_MS;
  const clicks = new ClickCounter(store, clickFlushIntervalMs, (error) =>
    console.error("shortener: writing click counts failed; they are kept and retried:", error),
  );
  let closeIntegrations = async () => {};
  const closeStorage = async () => {
    await clicks.close();
    await closeIntegrations();
    await store.close();
    await integrationStore.close();
  };

  const server = createServer();
  const host = options.host ?? "127.0.0.1";
  let port: number;
  let utm: UtmTemplates;
  try {
    utm = await UtmTemplates.load(store, now);
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
    integrations = startIntegrations({
      store: integrationStore,
      links: linkStore,
      linkService: links,
      hub,
      owners,
      accounts,
      brandedBaseUrl,
      publicUrl: configuredPublicUrl ?? brandedBaseUrl,
      now,
      clickFlushIntervalMs,
      ...(options.webhooks && { webhooks: options.webhooks }),
      ...(options.oauthBroker && { oauthBroker: options.oauthBroker }),
      ...(options.linkPreviews && { linkPreviews: options.linkPreviews }),
      onError: (error) => console.error("shortener: an integration failed:", error),
    });
  } catch (error) {
    await stopServer(server);
    await closeStorage();
    throw error;
  }
  closeIntegrations = () => integrations.close();
  server.on(
    "request",
    requestListener({
      accounts,
      publicEndpoints: integrations.publicEndpoints,
      api: {
        routes: [...apiRoutes, ...integrations.apiRoutes],
        context: { links, utm },
        authenticate: (authorization) => accounts.byAuthorization(authorization) !== null,
      },
      shortLinks: {
        store,
        utm,
        clicks,
        qr: new QrImages(),
        locations: new LocationCache(),
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
