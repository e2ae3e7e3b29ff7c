import type { Authentication, Bundle, ZObject } from "zapier-platform-core";
import { notionBaseUrl, oauthClient } from "./config";

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

const test = async (z: ZObject): Promise<NotionBotUser> => {
  const response = await z.request({ url: `${notionBaseUrl()}/v1/users/me` });
  return response.data as NotionBotUser;
};

/** The workspace name, so a user connected to two workspaces tells the connections apart. */
const connectionLabel = async (_z: ZObject, bundle: Bundle): Promise<string> => {
  const me = bundle.inputData as Partial<NotionBotUser>;
  return me.bot?.workspace_name || bundle.authData.workspace_name || me.name || "Notion";
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
        "The address of your Linksync Shortener, e.g. `https://go.example.com`. See [Linksync setup](https://github.com/linksync/linksync#shortener).",
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
