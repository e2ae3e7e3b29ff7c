import { ShortenerError } from "../errors/shortener-error";
import {
  type NotionClientCredentials,
  NotionOAuthError,
  type NotionTokenResponse,
  requestNotionToken,
} from "../notion/notion-oauth-client";
import { OAuthError } from "../oauth/oauth-error";
import { OneTimeCodes, type OneTimeCodesDeps } from "../one-time-codes/one-time-codes";
import { loopbackRedirectProblem } from "./loopback-redirect";
import { isS256Challenge, verifierMatches } from "./pkce";

export interface OAuthBrokerDeps {
  readonly notion: NotionClientCredentials;
  /** The broker's own callback, registered as a redirect URI of the Notion integration. */
  readonly callbackUrl: string;
  /** Lifetime of a sign-in waiting for Notion and of a broker code waiting for its exchange. */
  readonly codeTtlMs: number;
  readonly maxPendingSignIns: number;
  /** Where sign-ins and codes wait, shared by every instance. */
  readonly codes: OneTimeCodesDeps;
}

interface PendingSignIn {
  readonly appRedirectUri: string;
  readonly appState: string;
  readonly codeChallenge: string;
}

interface IssuedCode {
  readonly notionCode: string;
  readonly codeChallenge: string;
}

export const MAX_STATE_LENGTH = 1024;

/**
 * Lets the desktop app connect to Notion without holding the client secret: the app sends the user here with a
 * PKCE challenge, Notion's code is kept here bound to that challenge, the app gets a one-time broker code on its
 * loopback address, and only the holder of the matching verifier can turn it into a Notion token.
 */
export class NotionOAuthBroker {
  private readonly signIns: OneTimeCodes<PendingSignIn>;
  private readonly codes: OneTimeCodes<IssuedCode>;

  constructor(private readonly deps: OAuthBrokerDeps) {
    this.signIns = new OneTimeCodes(deps.codes, "broker_sign_in", deps.codeTtlMs, deps.maxPendingSignIns);
    this.codes = new OneTimeCodes(deps.codes, "broker_code", deps.codeTtlMs);
  }

  /** The Notion authorize URL to send the user to; errors that cannot go back to the app throw ShortenerError. */
  async start(query: URLSearchParams): Promise<URL> {
    const appRedirectUri = query.get("redirect_uri") ?? "";
    const problem = loopbackRedirectProblem(appRedirectUri);
    if (problem) throw new ShortenerError("invalid_input", problem);
    const appState = query.get("state") ?? "";
    const refuse = (description: string) =>
      appRedirect(appRedirectUri, {
        error: "invalid_request",
        error_description: description,
        state: appState,
      });
    if (appState === "" || appState.length > MAX_STATE_LENGTH) {
      return refuse(`state is required (at most ${MAX_STATE_LENGTH} characters).`);
    }
    const codeChallenge = query.get("code_challenge") ?? "";
    if (query.get("code_challenge_method") !== "S256" || !isS256Challenge(codeChallenge)) {
      return refuse(
        "PKCE is required: send code_challenge (43 base64url characters) with code_challenge_method=S256.",
      );
    }
    const brokerState = await this.signIns.issue({ appRedirectUri, appState, codeChallenge });
    const authorize = new URL(`${this.deps.notion.baseUrl}/v1/oauth/authorize`);
    authorize.search = new URLSearchParams({
      client_id: this.deps.notion.clientId,
      response_type: "code",
      owner: "user",
      redirect_uri: this.deps.callbackUrl,
      state: brokerState,
    }).toString();
    return authorize;
  }

  /** Notion's answer: passes a refusal on to the app, or binds Notion's code to the challenge behind a broker code. */
  async callback(query: URLSearchParams): Promise<URL> {
    const signIn = await this.signIns.take(query.get("state") ?? "");
    if (!signIn) {
      throw new ShortenerError(
        "invalid_input",
        "This Notion sign-in has expired or was already used; start again from the Linksync app.",
      );
    }
    const state = signIn.appState;
    const error = query.get("error");
    if (error !== null) {
      return appRedirect(signIn.appRedirectUri, {
        error,
        error_description:
          query.get("error_description") ??
          (error === "access_denied"
            ? "You cancelled the connection in Notion."
            : "Notion did not grant access."),
        state,
      });
    }
    const notionCode = query.get("code");
    if (!notionCode) {
      return appRedirect(signIn.appRedirectUri, {
        error: "server_error",
        error_description: "Notion answered without a code; try connecting again.",
        state,
      });
    }
    const code = await this.codes.issue({ notionCode, codeChallenge: signIn.codeChallenge }, "lsb_");
    return appRedirect(signIn.appRedirectUri, { code, state });
  }

  /** Broker code + PKCE verifier → Notion's token response. The code is spent even when the verifier is wrong. */
  async exchange(fields: Readonly<Record<string, unknown>>): Promise<NotionTokenResponse> {
    const code = typeof fields.code === "string" ? fields.code : "";
    const verifier = typeof fields.code_verifier === "string" ? fields.code_verifier : "";
    if (code === "" || verifier === "")
      throw new OAuthError("invalid_request", "Send code and code_verifier.");
    const issued = await this.codes.take(code);
    if (!issued)
      throw new OAuthError("invalid_grant", "The code is unknown, expired or already used; connect again.");
    if (!verifierMatches(verifier, issued.codeChallenge)) {
      throw new OAuthError(
        "invalid_grant",
        "The code_verifier does not match the code_challenge of this sign-in; connect again.",
      );
    }
    return this.callNotion({
      grant_type: "authorization_code",
      code: issued.notionCode,
      redirect_uri: this.deps.callbackUrl,
    });
  }

  async refresh(fields: Readonly<Record<string, unknown>>): Promise<NotionTokenResponse> {
    const refreshToken = typeof fields.refresh_token === "string" ? fields.refresh_token : "";
    if (refreshToken === "") throw new OAuthError("invalid_request", "Send refresh_token.");
    return this.callNotion({ grant_type: "refresh_token", refresh_token: refreshToken });
  }

  private async callNotion(request: Parameters<typeof requestNotionToken>[1]): Promise<NotionTokenResponse> {
    try {
      return await requestNotionToken(this.deps.notion, request);
    } catch (error) {
      if (!(error instanceof NotionOAuthError)) throw error;
      // Notion's 4xx refusals (an expired code, a revoked refresh token) are the app's to handle; anything else
      // is an upstream failure.
      const upstream = error.status < 400 || error.status >= 500;
      throw new OAuthError(
        upstream ? "temporarily_unavailable" : error.code,
        error.message,
        upstream ? 502 : 400,
      );
    }
  }
}

function appRedirect(redirectUri: string, params: Record<string, string>): URL {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}
