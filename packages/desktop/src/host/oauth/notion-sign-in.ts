import { randomBytes } from "node:crypto";
import type { Clock, ConnectionSummary } from "@linksync/core";
import { CompanionError } from "../companion-error";
import { type AuthorizeParams, authorizeThroughLoopback, type LoopbackOAuthResult } from "./loopback-oauth";
import type { SignedIn } from "./token-response";

export interface NotionSignInOptions {
  /** Adds the connection once Notion's token is in hand (and links the Linksync account the server made, if any). */
  readonly connect: (signedIn: SignedIn) => Promise<ConnectionSummary>;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
}

/** Where one sign-in goes: the Linksync broker, or the user's own public integration. */
export interface SignInRoute {
  readonly pkce: boolean;
  readonly port?: number;
  readonly callbackPath?: string;
  readonly authorizeUrl: (params: AuthorizeParams) => string;
  /** Trades the authorization code for Notion's token. */
  readonly exchange: (result: LoopbackOAuthResult) => Promise<SignedIn>;
}

export interface SignInStart {
  readonly attemptId: string;
  /** Open in the user's browser: it leads to Notion's consent page. */
  readonly authorizeUrl: string;
}

/**
 * Connecting Notion through the browser for a desktop app: the loopback redirect (RFC 8252). Split in two calls so
 * the window can open the authorize URL itself (in the system browser, or a tab in headless mode) and then wait for
 * the outcome.
 */
export class NotionSignIn {
  private readonly attempts = new Map<string, Promise<ConnectionSummary>>();

  constructor(private readonly options: NotionSignInOptions) {}

  async start(route: SignInRoute): Promise<SignInStart> {
    let opened: (url: string) => void = () => {};
    const authorizeUrl = new Promise<string>((resolve) => {
      opened = resolve;
    });
    const flow = authorizeThroughLoopback({
      pkce: route.pkce,
      authorizeUrl: route.authorizeUrl,
      open: async (url) => opened(url),
      ...(route.port !== undefined ? { port: route.port } : {}),
      ...(route.callbackPath ? { callbackPath: route.callbackPath } : {}),
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    })
      .then((result) => route.exchange(result))
      .then((signedIn) => this.options.connect(signedIn));
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
}
