import { ShortenerError } from "../errors/shortener-error";
import type { NotionTokenResponse } from "../notion/notion-oauth-client";
import { answeringOAuthErrors } from "../oauth/oauth-error";
import { escapeHtml } from "../public-http/html-escape";
import { html, json, type PublicReply, type PublicRoute, redirect } from "../public-http/public-endpoints";
import type { NotionOAuthBroker } from "./notion-oauth-broker";
import type { SignInAccount } from "./sign-in-accounts";

export const BROKER_PATHS = {
  start: "/oauth/notion/start",
  callback: "/oauth/notion/callback",
  exchange: "/oauth/notion/exchange",
  refresh: "/oauth/notion/refresh",
} as const;

/**
 * `/oauth/notion/*`: browser steps answer with redirects or a page; the app's calls answer RFC 6749 JSON. With
 * `accountFor` (the hosted server), the exchange also answers `linksync_account`: the workspace's account and a key.
 */
export function brokerRoutes(
  broker: NotionOAuthBroker,
  accountFor?: (token: NotionTokenResponse) => Promise<SignInAccount>,
): readonly PublicRoute[] {
  return [
    {
      method: "GET",
      path: BROKER_PATHS.start,
      handle: async ({ url }) => browserStep(() => broker.start(url.searchParams)),
    },
    {
      method: "GET",
      path: BROKER_PATHS.callback,
      handle: async ({ url }) => browserStep(() => broker.callback(url.searchParams)),
    },
    {
      method: "POST",
      path: BROKER_PATHS.exchange,
      handle: async ({ fields }) =>
        appCall(async () => {
          const token = await broker.exchange(await fields());
          return accountFor ? { ...token, linksync_account: await accountFor(token) } : token;
        }),
    },
    {
      method: "POST",
      path: BROKER_PATHS.refresh,
      handle: async ({ fields }) => appCall(async () => broker.refresh(await fields())),
    },
  ];
}

/** A step the user's browser makes: errors that cannot be sent back to the app are shown as a page. */
async function browserStep(step: () => Promise<URL>): Promise<PublicReply> {
  try {
    return redirect(await step());
  } catch (error) {
    if (!(error instanceof ShortenerError)) throw error;
    return html(
      error.code === "unavailable" ? 503 : 400,
      `<!doctype html><title>Linksync</title><h1>Could not connect Notion</h1><p>${escapeHtml(error.message)}</p>`,
    );
  }
}

function appCall(call: () => Promise<unknown>): Promise<PublicReply> {
  return answeringOAuthErrors(async () => json(200, await call()));
}
