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
}

/**
 * Reads Notion's token response (as Notion or the broker relays it) into the agent's OAuth auth. `refused` words the
 * failure for the caller, who knows what the user can fix; it gets Notion's reason, never a credential.
 */
export async function readTokenResponse(
  response: Response,
  refused: (reason: string, status: number) => string,
): Promise<Extract<NotionAuth, { kind: "oauth" }>> {
  const body = (await response.json().catch(() => ({}))) as NotionTokenResponse;
  if (!response.ok || !body.access_token || !body.workspace_id || !body.bot_id) {
    throw new OAuthError(
      "authorization_failed",
      refused(body.error_description ?? body.error ?? `HTTP ${response.status}`, response.status),
    );
  }
  return {
    kind: "oauth",
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    workspaceId: body.workspace_id,
    workspaceName: body.workspace_name ?? "Notion",
    botId: body.bot_id,
  };
}
