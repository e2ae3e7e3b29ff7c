import type { SignInRoute } from "./notion-sign-in";
import { readTokenResponse } from "./token-response";

/** Through the Linksync OAuth broker (the shortener's `/oauth/notion/*`), which holds Linksync's client secret. */
export function brokerRoute(brokerUrl: string): SignInRoute {
  return {
    pkce: true,
    authorizeUrl: ({ redirectUri, state, codeChallenge }) =>
      `${brokerUrl}/oauth/notion/start?${new URLSearchParams({
        redirect_uri: redirectUri,
        state,
        code_challenge: codeChallenge ?? "",
        code_challenge_method: "S256",
      })}`,
    exchange: async ({ code, codeVerifier }) => {
      const { auth, accountKey } = await readTokenResponse(
        await fetch(`${brokerUrl}/oauth/notion/exchange`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ code, code_verifier: codeVerifier }),
        }),
        (reason) => `Linksync could not finish connecting Notion (${reason}). Click Sign in to try again.`,
      );
      return {
        // The agent renews an expired token through the broker too (it holds the client secret).
        auth: { ...auth, refresh: { via: "broker", url: `${brokerUrl}/oauth/notion/refresh` } },
        account: accountKey === null ? null : { baseUrl: brokerUrl, apiKey: accountKey },
      };
    },
  };
}

/** The port self-hosters register in their own integration: Notion matches redirect URIs exactly. */
export const OWN_INTEGRATION_PORT = 53682;
export const OWN_INTEGRATION_CALLBACK_PATH = "/notion/callback";

export function ownIntegrationRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${OWN_INTEGRATION_CALLBACK_PATH}`;
}

export interface OwnIntegration {
  readonly clientId: string;
  readonly clientSecret: string;
  /** `https://api.notion.com` unless the host talks to another Notion (the sandbox). */
  readonly notionBaseUrl: string;
  readonly port: number;
}

/** Straight to Notion with the user's own public integration; the code exchange happens here, in the host. */
export function ownIntegrationRoute(integration: OwnIntegration): SignInRoute {
  return {
    pkce: false,
    port: integration.port,
    callbackPath: OWN_INTEGRATION_CALLBACK_PATH,
    authorizeUrl: ({ redirectUri, state }) =>
      `${integration.notionBaseUrl}/v1/oauth/authorize?${new URLSearchParams({
        client_id: integration.clientId,
        response_type: "code",
        owner: "user",
        redirect_uri: redirectUri,
        state,
      })}`,
    exchange: async ({ code, redirectUri }) => {
      const { auth } = await readTokenResponse(
        await fetch(`${integration.notionBaseUrl}/v1/oauth/token`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Basic ${Buffer.from(`${integration.clientId}:${integration.clientSecret}`).toString("base64")}`,
          },
          body: JSON.stringify({ grant_type: "authorization_code", code, redirect_uri: redirectUri }),
        }),
        (reason, status) =>
          status === 401
            ? "Notion did not accept this client ID and secret. Copy both again from your integration's settings and click Connect."
            : `Notion refused the connection (${reason}). Check your integration's settings and click Connect again.`,
      );
      return {
        auth: {
          ...auth,
          refresh: { via: "notion", clientId: integration.clientId, clientSecret: integration.clientSecret },
        },
        account: null,
      };
    },
  };
}
