import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "@linksync/core";
import { OAuthError } from "./oauth-error";
import { createPkcePair, randomState } from "./pkce";

export interface AuthorizeParams {
  readonly redirectUri: string;
  readonly state: string;
  /** Present when PKCE is on (the broker flow). */
  readonly codeChallenge?: string;
}

export interface LoopbackOAuthOptions {
  /** Builds the provider's authorization URL for this attempt. */
  readonly authorizeUrl: (params: AuthorizeParams) => string | Promise<string>;
  /** Opens a URL in the user's browser (`shell.openExternal` in the app). */
  readonly open: (url: string) => Promise<void>;
  readonly pkce?: boolean;
  /** A fixed port for providers that match redirect URIs exactly (the user's own integration); 0 lets the OS pick. */
  readonly port?: number;
  readonly callbackPath?: string;
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

export interface LoopbackOAuthResult {
  readonly code: string;
  readonly redirectUri: string;
  /** The PKCE verifier to send with the code exchange. */
  readonly codeVerifier: string | null;
}

export const CALLBACK_PATH = "/oauth/callback";
const FIVE_MINUTES = 5 * 60_000;

/**
 * The loopback redirect of RFC 8252 §7.3: a one-shot server on 127.0.0.1 (an OS-assigned port unless told) receives the
 * authorization response from the system browser, checks `state`, and closes after the callback carrying our state or
 * a timeout. A request with a wrong or missing state (a stray page hitting the fixed port) is refused and ignored.
 */
export async function authorizeThroughLoopback(options: LoopbackOAuthOptions): Promise<LoopbackOAuthResult> {
  const clock = options.clock ?? systemClock;
  const state = randomState();
  const pkce = options.pkce ? createPkcePair() : null;
  let settle: (outcome: { code: string } | OAuthError) => void = () => {};
  const outcome = new Promise<{ code: string } | OAuthError>((resolve) => {
    settle = resolve;
  });

  const callbackPath = options.callbackPath ?? CALLBACK_PATH;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== callbackPath) {
      response.writeHead(404).end();
      return;
    }
    const result = readCallback(url.searchParams, state);
    answerBrowser(response, result instanceof OAuthError ? result.message : null);
    // Any web page can reach this port: a request without our state is turned away and the real answer awaited.
    if (result instanceof OAuthError && result.code === "state_mismatch") return;
    settle(result);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new OAuthError(
              "port_in_use",
              `Port ${options.port} is taken by another program, so Linksync cannot receive Notion's answer. Close it and click Connect again.`,
            )
          : error,
      ),
    );
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}${callbackPath}`;
  const timeout = new AbortController();
  void clock
    .sleep(options.timeoutMs ?? FIVE_MINUTES, timeout.signal)
    .then(() =>
      settle(
        new OAuthError(
          "timeout",
          "Notion did not answer within 5 minutes, so Linksync stopped waiting. Click Connect to try again.",
        ),
      ),
    )
    .catch(() => {
      // Aborted because the callback came first: nothing left to do.
    });

  try {
    await options.open(
      await options.authorizeUrl({ redirectUri, state, ...(pkce ? { codeChallenge: pkce.challenge } : {}) }),
    );
    const result = await outcome;
    if (result instanceof OAuthError) throw result;
    return { code: result.code, redirectUri, codeVerifier: pkce?.verifier ?? null };
  } finally {
    timeout.abort();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Interprets the authorization response (RFC 6749 §4.1.2). Pure. */
export function readCallback(params: URLSearchParams, expectedState: string): { code: string } | OAuthError {
  if (params.get("state") !== expectedState) {
    return new OAuthError(
      "state_mismatch",
      "This sign-in answer does not belong to the connection Linksync started, so it was refused. Click Connect to try again.",
    );
  }
  const error = params.get("error");
  if (error === "access_denied") {
    return new OAuthError(
      "access_denied",
      "You cancelled the connection in Notion. Click Connect whenever you are ready.",
    );
  }
  if (error) {
    const description = params.get("error_description");
    return new OAuthError(
      "authorization_failed",
      `Notion refused the connection (${error}${description ? `: ${description}` : ""}). Click Connect to try again.`,
    );
  }
  const code = params.get("code");
  if (!code) {
    return new OAuthError(
      "missing_code",
      "Notion's answer had no authorization code. Click Connect to try again.",
    );
  }
  return { code };
}

function answerBrowser(response: ServerResponse, problem: string | null): void {
  const heading = problem ? "Linksync could not connect" : "Connected to Linksync";
  const body = problem ?? "You can close this tab and go back to Linksync.";
  response.writeHead(problem ? 400 : 200, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "referrer-policy": "no-referrer",
  });
  response.end(
    `<!doctype html><meta charset="utf-8"><title>${heading}</title><body style="font:16px system-ui;margin:15vh auto;max-width:28em;text-align:center"><h1 style="font-size:22px">${heading}</h1><p>${escapeHtml(body)}</p></body>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
