import { NotionError } from "./notion-error";

/**
 * Where an OAuth connection refreshes its tokens. `broker`: the Linksync OAuth broker's refresh endpoint (the
 * shortener's `/oauth/notion/refresh`), which holds Linksync's client secret. `notion`: Notion's own token endpoint,
 * with the user's own public integration's client id and secret (kept sealed in the vault).
 */
export type TokenRefreshRoute =
  | { readonly via: "broker"; readonly url: string }
  | { readonly via: "notion"; readonly clientId: string; readonly clientSecret: string };

export interface RefreshedTokens {
  readonly accessToken: string;
  /** Notion rotates both: the refresh token just used is dead once this answer is out. */
  readonly refreshToken: string;
}

const REFRESH_TIMEOUT_MS = 30_000;

/**
 * Trades a refresh token for a new token pair. `null` when Notion (or the broker relaying it) refuses the refresh
 * token (used, revoked, or the integration removed): the connection is then revoked for good. Any other failure
 * (network, 5xx) throws `offline`/`unavailable`, retryable: the tokens are kept and the refresh is tried again later.
 * Neither token ever appears in an error.
 */
export async function refreshNotionTokens(
  route: TokenRefreshRoute,
  refreshToken: string,
  notionBaseUrl: string,
): Promise<RefreshedTokens | null> {
  const endpoint = "oauth.token";
  const request: RequestInit =
    route.via === "broker"
      ? {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ refresh_token: refreshToken }),
        }
      : {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Basic ${Buffer.from(`${route.clientId}:${route.clientSecret}`).toString("base64")}`,
          },
          body: JSON.stringify({ grant_type: "refresh_token", refresh_token: refreshToken }),
        };
  const url = route.via === "broker" ? route.url : `${notionBaseUrl.replace(/\/$/, "")}/v1/oauth/token`;
  let response: Response;
  try {
    response = await fetch(url, { ...request, signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS) });
  } catch {
    throw new NotionError(
      "offline",
      "Linksync could not reach Notion to renew this connection's access; it tries again shortly.",
      { endpoint },
    );
  }
  if (response.status === 400 || response.status === 401) return null;
  const body = (await response.json().catch(() => null)) as {
    access_token?: unknown;
    refresh_token?: unknown;
  } | null;
  if (!response.ok) {
    throw new NotionError(
      "unavailable",
      `Notion could not renew this connection's access (HTTP ${response.status}); Linksync tries again shortly.`,
      { endpoint, status: response.status },
    );
  }
  if (typeof body?.access_token !== "string" || typeof body.refresh_token !== "string") {
    throw new NotionError(
      "malformed_response",
      "Notion's answer to a token refresh holds no token pair. Nothing was stored; Linksync tries again shortly.",
      { endpoint },
    );
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}
