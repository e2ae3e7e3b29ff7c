import { randomBytes } from "node:crypto";
import type { Clock, ConnectionSummary, NotionAuth } from "@linksync/core";
import { CompanionError } from "../companion/companion-error";
import { authorizeThroughLoopback, type LoopbackOAuthResult } from "./loopback-oauth";
import { OAuthError } from "./oauth-error";

export interface NotionSignInOptions {
  /** The Linksync OAuth broker (the shortener's `/oauth/notion/*`), which holds the integration's client secret. */
  readonly brokerUrl: string;
  /** Adds the connection once Notion's token is in hand. */
  readonly connect: (auth: NotionAuth) => Promise<ConnectionSummary>;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
}

export interface SignInStart {
  readonly attemptId: string;
  /** Open in the user's browser: the broker sends it on to Notion's consent page. */
  readonly authorizeUrl: string;
}

interface NotionTokenResponse {
  readonly access_token: string;
  readonly refresh_token?: string | null;
  readonly workspace_id: string;
  readonly workspace_name?: string | null;
  readonly bot_id: string;
}

/**
 * "Sign in with Notion" for a desktop app: the loopback redirect (RFC 8252) with PKCE through the broker. Split in
 * two calls so the window can open the authorize URL itself (in the system browser, or a tab in headless mode)
 * and then wait for the outcome.
 */
export class NotionSignIn {
  private readonly attempts = new Map<string, Promise<ConnectionSummary>>();

  constructor(private readonly options: NotionSignInOptions) {}

  async start(): Promise<SignInStart> {
    let opened: (url: string) => void = () => {};
    const authorizeUrl = new Promise<string>((resolve) => {
      opened = resolve;
    });
    const flow = authorizeThroughLoopback({
      pkce: true,
      authorizeUrl: ({ redirectUri, state, codeChallenge }) =>
        `${this.options.brokerUrl}/oauth/notion/start?${new URLSearchParams({
          redirect_uri: redirectUri,
          state,
          code_challenge: codeChallenge ?? "",
          code_challenge_method: "S256",
        })}`,
      open: async (url) => opened(url),
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    })
      .then((result) => this.exchange(result))
      .then((token) =>
        this.options.connect({
          kind: "oauth",
          accessToken: token.access_token,
          ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
          workspaceId: token.workspace_id,
          workspaceName: token.workspace_name ?? "Notion",
          botId: token.bot_id,
        }),
      );
    const attemptId = randomBytes(12).toString("base64url");
    this.attempts.set(attemptId, flow);
    // The outcome is handed over by `finish`; until then a failure must not count as unhandled. A window that
    // never asks (closed meanwhile) leaves the attempt to be forgotten a minute after it ended.
    const forget = () => setTimeout(() => this.attempts.delete(attemptId), 60_000).unref();
    flow.then(forget, forget);
    const url = await Promise.race([authorizeUrl, flow.then(() => null)]);
    if (url === null)
      throw new CompanionError("sign_in_failed", "The sign-in ended before it started. Try again.");
    return { attemptId, authorizeUrl: url };
  }

  /** Waits for the browser to come back (at most 5 minutes) and returns the new connection. */
  async finish(attemptId: string): Promise<ConnectionSummary> {
    const flow = this.attempts.get(attemptId);
    if (!flow) {
      throw new CompanionError(
        "unknown_sign_in",
        "This sign-in is over or was never started. Click Sign in again.",
      );
    }
    try {
      return await flow;
    } finally {
      this.attempts.delete(attemptId);
    }
  }

  private async exchange(result: LoopbackOAuthResult): Promise<NotionTokenResponse> {
    const response = await fetch(`${this.options.brokerUrl}/oauth/notion/exchange`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: result.code, code_verifier: result.codeVerifier }),
    });
    const body = (await response.json()) as Partial<NotionTokenResponse> & {
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !body.access_token || !body.workspace_id || !body.bot_id) {
      throw new OAuthError(
        "authorization_failed",
        `Linksync could not finish connecting Notion (${body.error_description ?? body.error ?? `HTTP ${response.status}`}). Click Sign in to try again.`,
      );
    }
    return body as NotionTokenResponse;
  }
}
