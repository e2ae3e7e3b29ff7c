import type { ControlMethods } from "../control/operations";
import type { SandboxServices } from "../server/services";
import { answerConsent, grantOf } from "./consent";
import type { OAuthClientCredentials, OAuthClientOptions } from "./registry";

export interface AuthorizeRequest {
  clientId: string;
  /** Defaults to the client's only registered redirect URI. */
  redirectUri?: string;
  state?: string;
  /** Page, database or data source ids to share (with everything beneath them), or "all" for the workspace. */
  grant: string[] | "all";
  /** `false` answers as if the person pressed Cancel. */
  allow?: boolean;
}

export interface OAuthControlOperations {
  createOAuthClient: { args: [options?: OAuthClientOptions]; result: OAuthClientCredentials };
  /** Runs the consent screen without a browser; answers the URL the browser would be redirected to. */
  authorize: { args: [request: AuthorizeRequest]; result: string };
}

export const OAUTH_CONTROL_OPERATION_NAMES = [
  "createOAuthClient",
  "authorize",
] as const satisfies readonly (keyof OAuthControlOperations)[];

export function createOAuthControl({
  oauth,
  store,
}: SandboxServices): ControlMethods<OAuthControlOperations> {
  return {
    createOAuthClient: async (options) => oauth.createClient(options),
    authorize: async (request) => {
      const { client, redirectUri } = oauth.checkAuthorizeRequest(
        request.clientId,
        request.redirectUri ?? null,
      );
      const consent = oauth.openConsent(
        client.clientId,
        redirectUri,
        request.redirectUri !== undefined,
        request.state ?? null,
      );
      return answerConsent(
        oauth,
        store,
        oauth.takeConsent(consent.id),
        request.allow === false ? { allow: false } : { allow: true, grant: grantOf(store, request.grant) },
      );
    },
  };
}
