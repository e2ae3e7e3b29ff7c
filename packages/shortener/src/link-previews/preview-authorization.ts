import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Account, Accounts } from "../accounts/accounts";
import { type NotionClientCredentials, requestNotionToken } from "../notion/notion-oauth-client";
import { OAuthError } from "../oauth/oauth-error";
import { OneTimeCodes, type OneTimeCodesDeps } from "../one-time-codes/one-time-codes";
import { html, json, type PublicReply, redirect } from "../public-http/public-endpoints";
import { consentPage, errorPage, signInPage } from "./consent-page";
import type { PreviewGrants } from "./preview-grants";

export interface PreviewAuthorizationDeps {
  readonly accounts: Accounts;
  readonly grants: PreviewGrants;
  /** The credentials Notion presents at our token URL. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Notion's constant OAuth callback; the only redirect_uri accepted. */
  readonly notionRedirectUri: string;
  /** The Link Preview integration at Notion, to exchange Notion's code for its token. */
  readonly notion: NotionClientCredentials;
  /** Absolute URL of the authorize endpoint, the consent form's target. */
  readonly authorizeUrl: string;
  readonly codeTtlMs: number;
  /** Where consent tickets and codes wait, shared by every instance. */
  readonly codes: OneTimeCodesDeps;
  readonly onError: (error: unknown) => void;
}

interface AuthorizeRequest {
  readonly redirectUri: string;
  readonly state: string | null;
  /** Notion's own code, sent with the authorize request, for Notion's token. */
  readonly notionCode: string | null;
  /** Set once the person signed in with an API key. */
  readonly account: Account | null;
}

interface IssuedCode {
  readonly accountId: string;
  readonly redirectUri: string;
  readonly notionToken: string | null;
}

/**
 * Linksync as an OAuth 2.0 provider for Notion's Link Previews: the authorize URL (sign in with an API key, then
 * Allow or Deny) and the token URL (authorization_code and refresh_token grants, client authenticated).
 */
export class PreviewAuthorization {
  private readonly tickets: OneTimeCodes<AuthorizeRequest>;
  private readonly codes: OneTimeCodes<IssuedCode>;

  constructor(private readonly deps: PreviewAuthorizationDeps) {
    this.tickets = new OneTimeCodes(deps.codes, "preview_ticket", deps.codeTtlMs * 2);
    this.codes = new OneTimeCodes(deps.codes, "preview_code", deps.codeTtlMs);
  }

  /** `GET` authorize: checks Notion's request, then asks the person to sign in. */
  async authorize(query: URLSearchParams): Promise<PublicReply> {
    if (query.get("client_id") !== this.deps.clientId) {
      return html(
        400,
        errorPage("Unknown client_id: this Linksync server is not set up for that Notion integration."),
      );
    }
    const redirectUri = query.get("redirect_uri") ?? this.deps.notionRedirectUri;
    if (!sameCallback(redirectUri, this.deps.notionRedirectUri)) {
      return html(
        400,
        errorPage("redirect_uri is not Notion's callback; connections start from Notion only."),
      );
    }
    const state = query.get("state");
    if (query.get("response_type") !== "code") {
      return this.answer(redirectUri, state, {
        error: "unsupported_response_type",
        error_description: "Only response_type=code is supported.",
      });
    }
    const ticket = await this.tickets.issue({
      redirectUri,
      state,
      notionCode: query.get("code"),
      account: null,
    });
    return html(200, signInPage(this.deps.authorizeUrl, ticket, null));
  }

  /** `POST` authorize: the consent form's sign-in, Allow and Deny. */
  async decide(fields: Readonly<Record<string, unknown>>): Promise<PublicReply> {
    const request = await this.tickets.take(typeof fields.ticket === "string" ? fields.ticket : "");
    if (!request)
      return html(400, errorPage("This page has expired. Paste the link into Notion again to connect."));
    switch (fields.action) {
      case "deny":
        return this.answer(request.redirectUri, request.state, {
          error: "access_denied",
          error_description: "The Linksync user denied Notion access to their links.",
        });
      case "sign-in": {
        const account = await this.deps.accounts.byApiKey(
          typeof fields.api_key === "string" ? fields.api_key.trim() : "",
        );
        if (!account) {
          const retry = await this.tickets.issue(request);
          return html(
            401,
            signInPage(
              this.deps.authorizeUrl,
              retry,
              "That API key belongs to no Linksync account; check it and try again.",
            ),
          );
        }
        return html(
          200,
          consentPage(this.deps.authorizeUrl, await this.tickets.issue({ ...request, account }), account),
        );
      }
      case "allow":
        if (request.account === null) return html(400, errorPage("Sign in before allowing access."));
        return this.allow(request, request.account);
      default:
        return html(400, errorPage("Choose Allow or Deny."));
    }
  }

  /** `POST` token: form (or JSON) body, client authenticated by HTTP Basic or client_id/client_secret fields. */
  async token(headers: IncomingHttpHeaders, fields: Readonly<Record<string, unknown>>): Promise<PublicReply> {
    this.authenticateClient(headers.authorization, fields);
    switch (fields.grant_type) {
      case "authorization_code":
        return json(200, await this.exchangeCode(fields));
      case "refresh_token": {
        const refreshed = await this.deps.grants.refresh(stringField(fields, "refresh_token"));
        if (!refreshed) {
          throw new OAuthError(
            "invalid_grant",
            "The refresh token is unknown or was revoked; connect again.",
          );
        }
        return json(200, refreshed);
      }
      default:
        throw new OAuthError(
          "unsupported_grant_type",
          "grant_type must be authorization_code or refresh_token.",
        );
    }
  }

  private async allow(request: AuthorizeRequest, account: Account): Promise<PublicReply> {
    let notionToken: string | null = null;
    if (request.notionCode !== null) {
      try {
        const answer = await requestNotionToken(this.deps.notion, {
          grant_type: "authorization_code",
          code: request.notionCode,
          external_account: { key: account.id, name: account.name },
        });
        notionToken = answer.access_token;
      } catch (error) {
        this.deps.onError(error);
        return this.answer(request.redirectUri, request.state, {
          error: "server_error",
          error_description:
            "Linksync could not finish connecting with Notion; paste the link again to retry.",
        });
      }
    }
    const code = await this.codes.issue(
      { accountId: account.id, redirectUri: request.redirectUri, notionToken },
      "lpc_",
    );
    return this.answer(request.redirectUri, request.state, { code });
  }

  private async exchangeCode(fields: Readonly<Record<string, unknown>>) {
    const issued = await this.codes.take(stringField(fields, "code"));
    if (!issued) throw new OAuthError("invalid_grant", "The code is unknown, expired or already used.");
    const redirectUri = fields.redirect_uri;
    if (
      redirectUri !== undefined &&
      (typeof redirectUri !== "string" || !sameCallback(redirectUri, issued.redirectUri))
    ) {
      throw new OAuthError("invalid_grant", "redirect_uri differs from the one the code was issued for.");
    }
    return this.deps.grants.create(issued.accountId, issued.notionToken);
  }

  private authenticateClient(
    authorization: string | undefined,
    fields: Readonly<Record<string, unknown>>,
  ): void {
    const basic = /^Basic (.+)$/i.exec(authorization ?? "")?.[1];
    const [id, secret] = basic
      ? splitOnce(Buffer.from(basic, "base64").toString("utf8"))
      : [fields.client_id, fields.client_secret];
    const idMatches = typeof id === "string" && sameSecret(id, this.deps.clientId);
    const secretMatches = typeof secret === "string" && sameSecret(secret, this.deps.clientSecret);
    if (!idMatches || !secretMatches) {
      throw new OAuthError(
        "invalid_client",
        "Client authentication failed; check the client id and secret set in Notion.",
        401,
      );
    }
  }

  private answer(redirectUri: string, state: string | null, params: Record<string, string>): PublicReply {
    const url = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    if (state !== null) url.searchParams.set("state", state);
    return redirect(url);
  }
}

/**
 * Notion's guide writes its callback as `https://notion.so/externalIntegrationAuthCallback`, in lower case in its
 * error examples and without a scheme in the token request; they name the same page, and only that page matches.
 */
function sameCallback(a: string, b: string): boolean {
  const canonical = (uri: string) =>
    uri
      .trim()
      .toLowerCase()
      .replace(/^https:\/\//, "")
      .replace(/^www\./, "");
  return canonical(a) === canonical(b);
}

function stringField(fields: Readonly<Record<string, unknown>>, name: string): string {
  const value = fields[name];
  if (typeof value !== "string" || value === "")
    throw new OAuthError("invalid_request", `${name} is required.`);
  return value;
}

function splitOnce(credentials: string): [string, string] {
  const colon = credentials.indexOf(":");
  return colon === -1 ? [credentials, ""] : [credentials.slice(0, colon), credentials.slice(colon + 1)];
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
