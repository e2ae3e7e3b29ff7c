import type { Accounts } from "../accounts/accounts";
import type { NotionTokenResponse } from "../notion/notion-oauth-client";
import { OAuthError } from "../oauth/oauth-error";

/** What the app receives beside Notion's token: its Linksync account and an API key of its own for it. */
export interface SignInAccount {
  readonly id: string;
  readonly name: string;
  /** Shown once, to the app that signed in; only its hash is stored. */
  readonly api_key: string;
}

/** One account per Notion workspace: `notion-` and the workspace id without dashes (lowercase, at most 64). */
export function workspaceAccountId(workspaceId: string): string {
  return `notion-${workspaceId.toLowerCase().replace(/[^a-z0-9]/g, "")}`.slice(0, 64);
}

/**
 * The hosted server's sign-in: a workspace's first sign-in creates its account, every later one (another computer,
 * a reinstall) links to the same account; each gets its own key, so one can be revoked without the others.
 */
export async function accountForSignIn(
  accounts: Accounts,
  token: NotionTokenResponse,
): Promise<SignInAccount> {
  const workspaceId = typeof token.workspace_id === "string" ? token.workspace_id : "";
  if (workspaceId.replace(/[^a-z0-9]/gi, "") === "") {
    throw new OAuthError("server_error", "Notion answered without a workspace id; connect again.", 502);
  }
  const name =
    typeof token.workspace_name === "string" && token.workspace_name ? token.workspace_name : "Notion";
  const account = await accounts.ensure(workspaceAccountId(workspaceId), name);
  const issued = await accounts.issueKey(account.id);
  return { id: account.id, name: account.name, api_key: issued.apiKey };
}
