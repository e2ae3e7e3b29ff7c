import type { Accounts } from "../accounts/accounts";
import type { Route } from "../api/router";
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

/**
 * `DELETE /api/keys/current`: an app that signed in gives up its own key (sign-out, workspace removed), so keys do not
 * pile up one per sign-in. Only an issued key can go this way; the account and its links stay.
 */
export function signInKeyRoutes(accounts: Accounts): Route<object>[] {
  return [
    {
      method: "DELETE",
      path: "/api/keys/current",
      handle: async ({ headers }) =>
        (await accounts.revokePresented(headers.authorization))
          ? { status: 204 }
          : {
              status: 409,
              body: {
                error: {
                  code: "key_not_revocable",
                  message: "This key was configured on the server; an operator revokes it there.",
                },
              },
            },
    },
  ];
}
