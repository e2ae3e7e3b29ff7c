import type { Authentication, Bundle, ZObject } from "zapier-platform-core";
import { notionBaseUrl, oauthClient } from "./config";
import { withLinksync } from "./linksync";

/**
 * OAuth2 against Notion (Notion's public-integration flow: HTTP Basic client auth on `/v1/oauth/token`, refresh
 * tokens) plus the fields that say where short links come from. The provider fields are a set keyed by `provider`
 * so another shortener adds its own fields beside these without touching the Notion part.
 */

interface NotionTokenResponse {
  readonly access_token: string;
  readonly refresh_token?: string | null;
  readonly workspace_id?: string;
  readonly workspace_name?: string | null;
  readonly bot_id?: string;
}

type NotionBotUser = {
  readonly id: string;
  readonly name?: string | null;
  readonly bot?: { readonly workspace_name?: string | null };
};

/** What the connection test answers: Notion's bot user and the shortener it reached with the key. */
type ConnectionTest = NotionBotUser & { readonly shortenerHost: string };

const authorizeUrl = async (_z: ZObject, bundle: Bundle): Promise<string> => {
  const params = new URLSearchParams({
    client_id: oauthClient().id,
    response_type: "code",
    owner: "user",
    redirect_uri: String(bundle.inputData.redirect_uri ?? ""),
    state: String(bundle.inputData.state ?? ""),
  });
  return `${notionBaseUrl()}/v1/oauth/authorize?${params}`;
};

async function requestToken(z: ZObject, body: Record<string, string>): Promise<NotionTokenResponse> {
  const { id, secret } = oauthClient();
  const response = await z.request({
    method: "POST",
    url: `${notionBaseUrl()}/v1/oauth/token`,
    headers: {
      Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
      "Content-Type": "application/json",
    },
    body,
    skipThrowForStatus: true,
  });
  // Only a refused grant means the user must reconnect; a throttled or failing token endpoint passes by itself,
  // and an ExpiredAuthError would make Zapier email the user to reconnect for nothing.
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.getHeader("retry-after"));
    const delay = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : 60;
    throw new z.errors.ThrottledError(
      `Notion's token endpoint is ${response.status === 429 ? "rate limiting requests" : `failing (HTTP ${response.status})`}; the connection is unchanged. Zapier tries again in ${delay} seconds.`,
      delay,
    );
  }
  if (response.status >= 400) {
    throw new z.errors.ExpiredAuthError(
      "Notion refused to issue an access token (the grant was revoked or has expired). Reconnect your Notion account to Linksync.",
    );
  }
  return response.data as NotionTokenResponse;
}

/** What Zapier keeps in `authData`: the tokens and the workspace, never the client secret. */
function toAuthData(token: NotionTokenResponse, previous: Bundle["authData"] = {}) {
  return {
    access_token: token.access_token,
    refresh_token: token.refresh_token ?? previous.refresh_token ?? "",
    workspace_id: token.workspace_id ?? previous.workspace_id ?? "",
    workspace_name: token.workspace_name ?? previous.workspace_name ?? "",
    bot_id: token.bot_id ?? previous.bot_id ?? "",
  };
}

const getAccessToken = async (z: ZObject, bundle: Bundle) =>
  toAuthData(
    await requestToken(z, {
      grant_type: "authorization_code",
      code: String(bundle.inputData.code ?? ""),
      redirect_uri: String(bundle.inputData.redirect_uri ?? ""),
    }),
  );

const refreshAccessToken = async (z: ZObject, bundle: Bundle) =>
  toAuthData(
    await requestToken(z, {
      grant_type: "refresh_token",
      refresh_token: bundle.authData.refresh_token ?? "",
    }),
    bundle.authData,
  );

/**
 * Checks both halves of the connection: the Notion token (users/me; a 401 lets Zapier refresh it) and the link
 * provider's address and key (an authenticated lookup that changes nothing), so a wrong key or an unreachable
 * shortener fails here rather than at the first Zap run.
 */
const test = async (z: ZObject, bundle: Bundle): Promise<ConnectionTest> => {
  const response = await z.request({ url: `${notionBaseUrl()}/v1/users/me` });
  const me = response.data as NotionBotUser;
  return withLinksync(z, bundle, async ({ ctx, providerHost }) => {
    await ctx.provider.findByIdempotencyKey("linksync:connection-test");
    return { ...me, shortenerHost: providerHost };
  });
};

/** The workspace and the shortener, so connections to two workspaces, or to two shorteners, are told apart. */
const connectionLabel = async (_z: ZObject, bundle: Bundle): Promise<string> => {
  const me = bundle.inputData as Partial<ConnectionTest>;
  const workspace = me.bot?.workspace_name || bundle.authData.workspace_name || me.name || "Notion";
  return me.shortenerHost ? `${workspace} · ${me.shortenerHost}` : workspace;
};

export const authentication = {
  type: "oauth2",
  oauth2Config: { authorizeUrl, getAccessToken, refreshAccessToken, autoRefresh: true },
  fields: [
    {
      key: "provider",
      label: "Short Link Provider",
      required: true,
      choices: { "linksync-shortener": "Linksync Shortener" },
      default: "linksync-shortener",
      helpText: "The service that mints your branded short links.",
    },
    {
      key: "shortenerBaseUrl",
      label: "Shortener Base URL",
      required: true,
      type: "string",
      helpText:
        "The https address of your Linksync Shortener's API, e.g. `https://go.example.com`. See [Linksync setup](https://github.com/linksync/linksync#shortener).",
    },
    {
      key: "shortenerApiKey",
      label: "Shortener API Key",
      required: true,
      type: "password",
      helpText: "The API key from your Linksync Shortener's settings.",
    },
  ],
  test,
  connectionLabel,
} satisfies Authentication;
