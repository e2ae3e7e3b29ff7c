import type { Accounts } from "../accounts/accounts";
import type { Route } from "../api/router";
import type { IntegrationStore } from "../integration-store/integration-store";
import type { LinkChangeHub } from "../link-events/link-change-hub";
import type { LinkPreviewOptions } from "../link-previews/link-preview-options";
import { type LinkPreviewSettings, startLinkPreviews } from "../link-previews/link-previews";
import type { ReadPreviewedLink } from "../link-previews/previewed-link";
import type { LinkService } from "../links/link-service";
import { toLinkView } from "../links/link-view";
import { NOTION_API_BASE_URL } from "../notion/notion-oauth-client";
import { DEFAULT_BROKER_CODE_TTL_MS, type OAuthBrokerOptions } from "../oauth-broker/broker-options";
import { BROKER_PATHS, brokerRoutes } from "../oauth-broker/broker-routes";
import { NotionOAuthBroker } from "../oauth-broker/notion-oauth-broker";
import { PublicEndpoints, type PublicRoute } from "../public-http/public-endpoints";
import { EventIntake } from "../reported-events/event-intake";
import { eventRoutes } from "../reported-events/event-routes";
import type { ShortenerStore } from "../store/store";
import { ClickWindows } from "../webhooks/click-windows";
import { LinkWebhookEvents } from "../webhooks/link-webhook-events";
import { WebhookDispatcher } from "../webhooks/webhook-dispatcher";
import { resolveWebhookOptions, type WebhookOptions } from "../webhooks/webhook-options";
import { webhookRoutes } from "../webhooks/webhook-routes";
import { WebhookSubscriptions } from "../webhooks/webhook-subscriptions";
import type { WebhookTargets } from "../webhooks/webhook-targets";

export interface IntegrationDeps {
  readonly store: IntegrationStore;
  /** The link store, for reads. */
  readonly links: ShortenerStore;
  /** For click totals that include clicks not yet written. */
  readonly linkService: LinkService;
  readonly hub: LinkChangeHub;
  readonly accounts: Accounts;
  readonly brandedBaseUrl: string;
  /** Where browsers and Notion reach this service, without a trailing slash. */
  readonly publicUrl: string;
  readonly now: () => number;
  /** How often click batches reach the store; the click minutes wait for the last batch. */
  readonly clickFlushIntervalMs: number;
  readonly webhooks?: WebhookOptions;
  readonly oauthBroker?: OAuthBrokerOptions;
  readonly linkPreviews?: LinkPreviewOptions;
  readonly onError: (error: unknown) => void;
  readonly onDeliveryFailed: () => void;
  /** `any` for a local development server (embedded engine on loopback), `public` otherwise. */
  readonly defaultWebhookTargets: WebhookTargets;
}

export interface RunningIntegrations {
  /** Extra `/api` endpoints, run with the calling account in scope. */
  readonly apiRoutes: readonly Route<object>[];
  /** Endpoints reached without an API key (OAuth broker, Link Preview provider). */
  readonly publicEndpoints: PublicEndpoints;
  /** The values to enter in Notion's Link Preview settings; null when Link Previews are off. */
  readonly linkPreviewSettings: LinkPreviewSettings | null;
  /** Publishes the click minutes still open and lets deliveries in flight finish. */
  close(): Promise<void>;
}

/** Puts webhooks, the Notion OAuth broker and Link Previews together around the link store. */
export function startIntegrations(deps: IntegrationDeps): RunningIntegrations {
  const webhookOptions = resolveWebhookOptions(deps.webhooks, deps.defaultWebhookTargets);
  const dispatcher = new WebhookDispatcher({
    store: deps.store,
    now: deps.now,
    policy: webhookOptions.policy,
    pollIntervalMs: webhookOptions.pollIntervalMs,
    timeoutMs: webhookOptions.timeoutMs,
    targets: webhookOptions.targets,
    onError: deps.onError,
    onAttemptFailed: deps.onDeliveryFailed,
  });
  const linkEvents = new LinkWebhookEvents({
    dispatcher,
    links: deps.links,
    // Two flush intervals: a batch of the minute's last clicks is written by then unless its write failed.
    clickWindows: new ClickWindows(2 * deps.clickFlushIntervalMs),
    brandedBaseUrl: deps.brandedBaseUrl,
    now: deps.now,
    pollIntervalMs: webhookOptions.pollIntervalMs,
    onError: deps.onError,
  });
  deps.hub.subscribe(linkEvents.onChange);

  const publicRoutes: PublicRoute[] = [];
  const apiRoutes: Route<object>[] = [
    ...webhookRoutes(new WebhookSubscriptions(deps.store, deps.now, webhookOptions.targets)),
    ...eventRoutes(new EventIntake(dispatcher, deps.now)),
  ];
  if (deps.oauthBroker) publicRoutes.push(...brokerRoutes(notionBroker(deps, deps.oauthBroker)));
  const previews =
    deps.linkPreviews &&
    startLinkPreviews({
      options: deps.linkPreviews,
      store: deps.store,
      hub: deps.hub,
      accounts: deps.accounts,
      readLink: previewedLinkReader(deps),
      brandedBaseUrl: deps.brandedBaseUrl,
      publicUrl: deps.publicUrl,
      now: deps.now,
      onError: deps.onError,
    });
  if (previews) {
    publicRoutes.push(...previews.publicRoutes);
    apiRoutes.push(...previews.apiRoutes);
  }

  return {
    apiRoutes,
    publicEndpoints: new PublicEndpoints(publicRoutes),
    linkPreviewSettings: previews ? previews.settings : null,
    close: async () => {
      await previews?.close();
      await linkEvents.close();
      await dispatcher.close();
    },
  };
}

function notionBroker(deps: IntegrationDeps, options: OAuthBrokerOptions): NotionOAuthBroker {
  if (options.notionClientId === "" || options.notionClientSecret === "") {
    throw new Error("oauthBroker needs the Notion integration's notionClientId and notionClientSecret.");
  }
  return new NotionOAuthBroker({
    notion: {
      clientId: options.notionClientId,
      clientSecret: options.notionClientSecret,
      baseUrl: (options.notionBaseUrl ?? NOTION_API_BASE_URL).replace(/\/+$/, ""),
    },
    callbackUrl: `${deps.publicUrl}${BROKER_PATHS.callback}`,
    codeTtlMs: options.codeTtlMs ?? DEFAULT_BROKER_CODE_TTL_MS,
    now: deps.now,
  });
}

function previewedLinkReader(deps: IntegrationDeps): ReadPreviewedLink {
  return async (by) => {
    const record = "slug" in by ? await deps.links.linkBySlug(by.slug) : await deps.links.linkById(by.id);
    if (!record) return null;
    const totals = await deps.linkService.clickTotals(record.accountId, [record.id]);
    return {
      link: toLinkView(record, deps.brandedBaseUrl),
      ownerId: record.accountId,
      clicks: totals[record.id] ?? { count: 0, lastClickAt: null },
    };
  };
}
