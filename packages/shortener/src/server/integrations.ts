import type { Accounts } from "../accounts/accounts";
import type { Route } from "../api/router";
import type { SqlClient } from "../database/sql-client";
import { JobsOnDemand } from "../jobs/jobs-on-demand";
import type { LinkChangeHub } from "../link-events/link-change-hub";
import type { LinkPreviewOptions } from "../link-previews/link-preview-options";
import { type LinkPreviewSettings, startLinkPreviews } from "../link-previews/link-previews";
import { LINK_PREVIEW_UPDATE_QUEUE } from "../link-previews/preview-updates";
import type { ReadPreviewedLink } from "../link-previews/previewed-link";
import type { LinkService } from "../links/link-service";
import { toLinkView } from "../links/link-view";
import { hasUpdateKeys, schedulePruning, UPDATE_KEY_PRUNING_QUEUE } from "../links/update-key-pruning";
import { NOTION_API_BASE_URL, type NotionTokenResponse } from "../notion/notion-oauth-client";
import { DEFAULT_BROKER_CODE_TTL_MS, type OAuthBrokerOptions } from "../oauth-broker/broker-options";
import { BROKER_PATHS, brokerRoutes } from "../oauth-broker/broker-routes";
import { NotionOAuthBroker } from "../oauth-broker/notion-oauth-broker";
import { accountForSignIn, signInKeyRoutes } from "../oauth-broker/sign-in-accounts";
import { DEFAULT_CODE_CAPACITY } from "../one-time-codes/one-time-codes";
import { PublicEndpoints, type PublicRoute } from "../public-http/public-endpoints";
import { EventIntake } from "../reported-events/event-intake";
import { eventRoutes } from "../reported-events/event-routes";
import type { SealedSecrets } from "../secrets/sealed-secrets";
import type { ShortenerStore } from "../store/store";
import { LinkWebhookEvents } from "../webhooks/link-webhook-events";
import { WEBHOOK_DELIVERY_QUEUE, WebhookDispatcher } from "../webhooks/webhook-dispatcher";
import { resolveWebhookOptions, type WebhookOptions } from "../webhooks/webhook-options";
import { webhookRoutes } from "../webhooks/webhook-routes";
import { WebhookSubscriptions } from "../webhooks/webhook-subscriptions";

export interface IntegrationDeps {
  readonly sql: SqlClient;
  /** Seals what the integrations keep secret in the database. */
  readonly secrets: SealedSecrets;
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
}

export interface RunningIntegrations {
  /** Extra `/api` endpoints, run with the calling account in scope. */
  readonly apiRoutes: readonly Route<object>[];
  /** Endpoints reached without an API key (OAuth broker, Link Preview provider). */
  readonly publicEndpoints: PublicEndpoints;
  /** The values to enter in Notion's Link Preview settings; null when Link Previews are off. */
  readonly linkPreviewSettings: LinkPreviewSettings | null;
  /** Webhook deliveries waiting in the job queue (metrics). */
  queueDepth(): Promise<number>;
  /** Publishes the click minutes that are over and lets deliveries in flight finish. */
  close(): Promise<void>;
}

/** Puts webhooks, the Notion OAuth broker and Link Previews together around the link store. */
export async function startIntegrations(deps: IntegrationDeps): Promise<RunningIntegrations> {
  const webhookOptions = resolveWebhookOptions(deps.webhooks);
  const jobs: JobsOnDemand = new JobsOnDemand(
    deps.sql,
    {
      onError: deps.onError,
      // Only delayed retries wait for a poll: new deliveries wake the workers of every instance at once.
      pollIntervalMs: Math.max(250, webhookOptions.pollIntervalMs),
      queues: [WEBHOOK_DELIVERY_QUEUE, LINK_PREVIEW_UPDATE_QUEUE, UPDATE_KEY_PRUNING_QUEUE],
    },
    async (started): Promise<void> => {
      await started.work(WEBHOOK_DELIVERY_QUEUE, dispatcher.attempt);
      if (previews) await started.work(LINK_PREVIEW_UPDATE_QUEUE, previews.update);
      await schedulePruning(started, deps.sql, deps.now);
    },
    () => hasUpdateKeys(deps.sql),
  );
  // The embedded engine's queue may not run yet: a first stored Idempotency-Key starts it (not awaited: the edit's
  // answer does not wait for pg-boss), so the daily pruning is scheduled.
  deps.hub.subscribe(async (change) => {
    if (change.kind === "updated" && change.keyed) void jobs.get().catch(deps.onError);
  });
  const dispatcher = new WebhookDispatcher({
    sql: deps.sql,
    jobs,
    secrets: deps.secrets,
    now: deps.now,
    policy: webhookOptions.policy,
    timeoutMs: webhookOptions.timeoutMs,
    targets: webhookOptions.targets,
    onAttemptFailed: deps.onDeliveryFailed,
  });
  const linkEvents = new LinkWebhookEvents({
    sql: deps.sql,
    jobs,
    dispatcher,
    // Two flush intervals: a batch of the minute's last clicks is written by then unless its write failed.
    lateBatchGraceMs: 2 * deps.clickFlushIntervalMs,
    brandedBaseUrl: deps.brandedBaseUrl,
    now: deps.now,
    pollIntervalMs: webhookOptions.pollIntervalMs,
    onError: deps.onError,
  });
  deps.hub.subscribe(linkEvents.onChange);

  const publicRoutes: PublicRoute[] = [];
  const apiRoutes: Route<object>[] = [
    ...webhookRoutes(
      new WebhookSubscriptions(deps.sql, deps.secrets, deps.now, webhookOptions.targets, (id) =>
        dispatcher.redeliver(id),
      ),
    ),
    ...eventRoutes(new EventIntake(deps.sql, dispatcher, deps.now)),
  ];
  if (deps.oauthBroker) {
    const accountFor = deps.oauthBroker.signInAccounts
      ? (token: NotionTokenResponse) => accountForSignIn(deps.accounts, token)
      : undefined;
    publicRoutes.push(...brokerRoutes(notionBroker(deps, deps.oauthBroker), accountFor));
    if (deps.oauthBroker.signInAccounts) apiRoutes.push(...signInKeyRoutes(deps.accounts));
  }
  const previews =
    deps.linkPreviews &&
    startLinkPreviews({
      options: deps.linkPreviews,
      codes: { sql: deps.sql, secrets: deps.secrets, now: deps.now },
      sql: deps.sql,
      jobs,
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
  await jobs.startIfNeeded();

  return {
    apiRoutes,
    publicEndpoints: new PublicEndpoints(publicRoutes),
    linkPreviewSettings: previews ? previews.settings : null,
    queueDepth: () => jobs.depth(WEBHOOK_DELIVERY_QUEUE),
    close: async () => {
      await linkEvents.close();
      // The click minutes just published (and any delivery due) go out before the stop, for up to 2 s; the rest
      // wait in the queue for the next instance or start.
      await jobs.stop({ drainMs: 2000 });
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
    maxPendingSignIns: options.maxPendingSignIns ?? DEFAULT_CODE_CAPACITY,
    codes: { sql: deps.sql, secrets: deps.secrets, now: deps.now },
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
