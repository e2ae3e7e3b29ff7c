import type { Accounts } from "../accounts/accounts";
import { requestAccount } from "../accounts/request-account";
import type { Route } from "../api/router";
import type { SqlClient } from "../database/sql-client";
import type { JobsOnDemand } from "../jobs/jobs-on-demand";
import type { LinkChangeHub } from "../link-events/link-change-hub";
import { NOTION_API_BASE_URL } from "../notion/notion-oauth-client";
import { answeringOAuthErrors, OAuthError } from "../oauth/oauth-error";
import type { OneTimeCodesDeps } from "../one-time-codes/one-time-codes";
import { json, type PublicRoute } from "../public-http/public-endpoints";
import { RateLimiter, realSleep, SqlRateSlots } from "../rate-limit/rate-limiter";
import { type LinkPreviewOptions, NOTION_LINK_PREVIEW_CALLBACK } from "./link-preview-options";
import { LINK_PREVIEW_PATHS, SETTINGS_API_PATH } from "./link-preview-paths";
import { PreviewAuthorization } from "./preview-authorization";
import { PreviewGrants } from "./preview-grants";
import { type LinkPreviewSettings, linkPreviewSettings } from "./preview-settings";
import { PreviewUpdates } from "./preview-updates";
import type { ReadPreviewedLink } from "./previewed-link";
import { shortLinkPattern } from "./short-link-pattern";
import { UnfurlCallback } from "./unfurl-callback";

export interface LinkPreviewDeps {
  readonly options: LinkPreviewOptions;
  readonly codes: OneTimeCodesDeps;
  readonly sql: SqlClient;
  readonly jobs: JobsOnDemand;
  readonly hub: LinkChangeHub;
  readonly accounts: Accounts;
  readonly readLink: ReadPreviewedLink;
  readonly brandedBaseUrl: string;
  readonly publicUrl: string;
  readonly now: () => number;
  readonly onError: (error: unknown) => void;
}

const CODE_TTL_MS = 5 * 60_000;

export type { LinkPreviewSettings };

export interface RunningLinkPreviews {
  /** The endpoints Notion and the person's browser call. */
  readonly publicRoutes: readonly PublicRoute[];
  /** `GET /api/link-previews/settings`. */
  readonly apiRoutes: readonly Route<object>[];
  readonly settings: LinkPreviewSettings;
  /** The job handler of `LINK_PREVIEW_UPDATE_QUEUE`. */
  readonly update: PreviewUpdates["update"];
}

/** Notion Link Previews for our short domain: provider OAuth, unfurl callback, updates and dashboard settings. */
export function startLinkPreviews(deps: LinkPreviewDeps): RunningLinkPreviews {
  const { options } = deps;
  for (const name of ["clientId", "clientSecret", "notionClientId", "notionClientSecret"] as const) {
    if (options[name].trim() === "") throw new Error(`linkPreviews.${name} is required.`);
  }
  const notionBaseUrl = (options.notionBaseUrl ?? NOTION_API_BASE_URL).replace(/\/+$/, "");
  const grants = new PreviewGrants(
    deps.sql,
    deps.codes.secrets,
    deps.now,
    (options.accessTokenTtlSeconds ?? 3600) * 1000,
  );
  const authorization = new PreviewAuthorization({
    accounts: deps.accounts,
    grants,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    notionRedirectUri: options.notionRedirectUri ?? NOTION_LINK_PREVIEW_CALLBACK,
    notion: {
      clientId: options.notionClientId,
      clientSecret: options.notionClientSecret,
      baseUrl: notionBaseUrl,
    },
    authorizeUrl: `${deps.publicUrl}${LINK_PREVIEW_PATHS.authorize}`,
    codeTtlMs: CODE_TTL_MS,
    codes: deps.codes,
    onError: deps.onError,
  });
  const unfurl = new UnfurlCallback({
    sql: deps.sql,
    grants,
    pattern: shortLinkPattern(deps.brandedBaseUrl),
    readLink: deps.readLink,
    now: deps.now,
  });
  const updateIntervalMs = options.updateIntervalMs ?? 60_000;
  const updates = new PreviewUpdates({
    sql: deps.sql,
    jobs: deps.jobs,
    grants,
    readLink: deps.readLink,
    // One budget for every instance: Notion counts the integration's requests, not each server's.
    limiter: new RateLimiter({
      perSecond: options.notionRequestsPerSecond ?? 3,
      now: Date.now,
      sleep: realSleep,
      slots: new SqlRateSlots(deps.sql, "notion-link-previews"),
    }),
    notionBaseUrl,
    updateIntervalMs,
    recheckMs: options.pollIntervalMs ?? updateIntervalMs,
    now: deps.now,
    onError: deps.onError,
  });
  deps.hub.subscribe(updates.onChange);
  const settings = linkPreviewSettings(deps.publicUrl, deps.brandedBaseUrl, options.clientId);

  const revokeDeletedToken: PublicRoute["handle"] = ({ headers, fields }) =>
    answeringOAuthErrors(async () => {
      const body = await fields();
      const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1]?.trim();
      const token = [bearer, body.access_token, body.refresh_token, body.token].find(
        (value): value is string => typeof value === "string" && value !== "",
      );
      if (token === undefined) throw new OAuthError("invalid_request", "Send the deleted token.");
      await grants.revoke(token);
      return json(200, {});
    });
  const publicRoutes: readonly PublicRoute[] = [
    {
      method: "GET",
      path: LINK_PREVIEW_PATHS.authorize,
      handle: async ({ url }) => authorization.authorize(url.searchParams),
    },
    {
      method: "POST",
      path: LINK_PREVIEW_PATHS.authorize,
      handle: async ({ fields }) => authorization.decide(await fields()),
    },
    {
      method: "POST",
      path: LINK_PREVIEW_PATHS.token,
      handle: async ({ headers, fields }) =>
        answeringOAuthErrors(async () => authorization.token(headers, await fields())),
    },
    // Notion's docs do not say which method the deleted-token callback uses; both are answered alike.
    { method: "POST", path: LINK_PREVIEW_PATHS.deletedToken, handle: revokeDeletedToken },
    { method: "DELETE", path: LINK_PREVIEW_PATHS.deletedToken, handle: revokeDeletedToken },
    {
      method: "POST",
      path: LINK_PREVIEW_PATHS.unfurl,
      handle: async ({ headers, fields }) =>
        answeringOAuthErrors(async () => unfurl.unfurl(headers.authorization, await fields())),
    },
    {
      method: "DELETE",
      path: LINK_PREVIEW_PATHS.unfurl,
      handle: async ({ headers, fields }) =>
        answeringOAuthErrors(async () => unfurl.forget(headers.authorization, await fields())),
    },
  ];
  const apiRoutes: readonly Route<object>[] = [
    {
      method: "GET",
      path: SETTINGS_API_PATH,
      handle: async () => {
        requestAccount();
        return { status: 200, body: settings };
      },
    },
  ];
  return { publicRoutes, apiRoutes, settings, update: updates.update };
}
