import type { NotionAuth } from "@linksync/core";
import { OAuthError } from "./oauth-error";

interface NotionTokenResponse {
  readonly access_token?: string;
  readonly refresh_token?: string | null;
  readonly workspace_id?: string;
  readonly workspace_name?: string | null;
  readonly bot_id?: string;
  readonly error?: string;
  readonly error_description?: string;
  /** The hosted Linksync server's broker: the workspace's account on that server and a key for this computer. */
  readonly linksync_account?: { readonly api_key?: unknown };
}

export type OAuthAuth = Extract<NotionAuth, { kind: "oauth" }>;

/** What a sign-in brings back: Notion's token, and the Linksync account the server linked, if it made one. */
export interface SignedIn {
  readonly auth: OAuthAuth;
  /** The account's shortener (the server that signed in) and the key it issued for this computer. */
  readonly account: { readonly baseUrl: string; readonly apiKey: string } | null;
}

export interface TokenAnswer {
  readonly auth: OAuthAuth;
  readonly accountKey: string | null;
}

/**
 * Reads Notion's token response (as Notion or the broker relays it) into the agent's OAuth auth. `refused` words the
 * failure for the caller, who knows what the user can fix; it gets Notion's reason, never a credential.
 */
export async function readTokenResponse(
  response: Response,
  refused: (reason: string, status: number) => string,
): Promise<TokenAnswer> {
  const body = (await response.json().catch(() => ({}))) as NotionTokenResponse;
  if (!response.ok || !body.access_token || !body.workspace_id || !body.bot_id) {
    throw new OAuthError(
      "authorization_failed",
      refused(body.error_description ?? body.error ?? `HTTP ${response.status}`, response.status),
    );
  }
  const accountKey = body.linksync_account?.api_key;
  return {
    auth: {
      kind: "oauth",
      accessToken: body.access_token,
      ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
      workspaceId: body.workspace_id,
      workspaceName: body.workspace_name ?? "Notion",
      botId: body.bot_id,
    },
    accountKey: typeof accountKey === "string" && accountKey !== "" ? accountKey : null,
  };
}
