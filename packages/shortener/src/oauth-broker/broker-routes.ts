import { ShortenerError } from "../errors/shortener-error";
import { answeringOAuthErrors } from "../oauth/oauth-error";
import { escapeHtml } from "../public-http/html-escape";
import { html, json, type PublicReply, type PublicRoute, redirect } from "../public-http/public-endpoints";
import type { NotionOAuthBroker } from "./notion-oauth-broker";

export const BROKER_PATHS = {
  start: "/oauth/notion/start",
  callback: "/oauth/notion/callback",
  exchange: "/oauth/notion/exchange",
  refresh: "/oauth/notion/refresh",
} as const;

/** `/oauth/notion/*`: browser steps answer with redirects or a page; the app's calls answer RFC 6749 JSON. */
export function brokerRoutes(broker: NotionOAuthBroker): readonly PublicRoute[] {
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
      handle: async ({ fields }) => appCall(async () => broker.exchange(await fields())),
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
