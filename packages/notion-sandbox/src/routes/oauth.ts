import type { OauthRevokeResponse } from "@notionhq/client";
import { publicRoute, type RequestContext, type Route, type RouteResult } from "../http/route";
import { basicCredentials } from "../oauth/client-credentials";
import { answerConsent, consentingPerson, grantOf, shareableObjects } from "../oauth/consent";
import { renderAuthorizeErrorPage, renderConsentPage } from "../oauth/consent-page";
import { OAuthError } from "../oauth/oauth-error";
import type { ExternalAccount } from "../oauth/registry";
import { readForm, readOAuthBody, requiredString } from "../oauth/request-body";
import { isObject } from "../properties/json-shape";

const AUTHORIZE_PATH = "/v1/oauth/authorize";
const HTML = "text/html; charset=utf-8";

type Handler = (context: RequestContext) => Promise<RouteResult>;

/** Wraps handlers so an `OAuthError` they throw becomes the response `answer` makes of it; other errors go on. */
function answeringOAuthErrors(answer: (error: OAuthError) => RouteResult): (handler: Handler) => Handler {
  return (handler) => async (context) => {
    try {
      return await handler(context);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return answer(error);
    }
  };
}

/** OAuth answers in its own error shape. */
const oauthEndpoint = answeringOAuthErrors((error) => ({ status: error.status, json: error.toBody() }));

/** The consent flow shows its errors as pages: a redirect to an unchecked URI would leak the code. */
const consentEndpoint = answeringOAuthErrors((error) => ({
  status: 400,
  bytes: renderAuthorizeErrorPage(error.message),
  contentType: HTML,
}));

function redirect(location: string): RouteResult {
  return { status: 302, bytes: "", contentType: "text/plain; charset=utf-8", headers: { location } };
}

function externalAccountOf(body: Record<string, unknown>): ExternalAccount | null {
  const account = body.external_account;
  if (account === undefined) return null;
  if (!isObject(account) || typeof account.key !== "string" || typeof account.name !== "string") {
    throw new OAuthError("invalid_request", "external_account needs a string key and a string name.");
  }
  return { key: account.key, name: account.name };
}

export const oauthRoutes: Route[] = [
  publicRoute({
    method: "GET",
    pattern: AUTHORIZE_PATH,
    handler: consentEndpoint(async ({ services, query }) => {
      const { oauth, store } = services;
      if (query.get("response_type") !== "code") {
        throw new OAuthError("invalid_request", "The authorize URL needs response_type=code.");
      }
      if (query.get("owner") !== "user")
        throw new OAuthError("invalid_request", "The authorize URL needs owner=user.");
      const sentRedirect = query.get("redirect_uri");
      const { client, redirectUri } = oauth.checkAuthorizeRequest(query.get("client_id") ?? "", sentRedirect);
      const consent = oauth.openConsent(
        client.clientId,
        redirectUri,
        sentRedirect !== null,
        query.get("state"),
      );
      const html = renderConsentPage({
        integrationName: client.name,
        workspaceName: store.workspace.name,
        ownerName: consentingPerson(store).name,
        capabilities: client.capabilities,
        objects: shareableObjects(store),
        consentId: consent.id,
        action: AUTHORIZE_PATH,
      });
      return { bytes: html, contentType: HTML, headers: { "cache-control": "no-store" } };
    }),
  }),
  publicRoute({
    method: "POST",
    pattern: AUTHORIZE_PATH,
    handler: consentEndpoint(async ({ services, request }) => {
      const form = await readForm(request);
      const consent = services.oauth.takeConsent(form.get("consent_id") ?? "");
      const allow = form.get("decision") === "allow";
      const location = answerConsent(
        services.oauth,
        services.store,
        consent,
        allow ? { allow, grant: grantOf(services.store, form.getAll("grant")) } : { allow },
      );
      return redirect(location);
    }),
  }),
  publicRoute({
    method: "POST",
    pattern: "/v1/oauth/token",
    handler: oauthEndpoint(async ({ services, request }) => {
      const client = services.oauth.authenticate(basicCredentials(request.headers.authorization));
      const body = await readOAuthBody(request);
      const grantType = requiredString(body, "grant_type");
      if (grantType === "authorization_code") {
        const redirectUri = typeof body.redirect_uri === "string" ? body.redirect_uri : null;
        const tokens = services.oauth.redeemCode(
          client,
          requiredString(body, "code"),
          redirectUri,
          externalAccountOf(body),
        );
        return { json: tokens };
      }
      if (grantType === "refresh_token") {
        return { json: services.oauth.refresh(client, requiredString(body, "refresh_token")) };
      }
      throw new OAuthError(
        "unsupported_grant_type",
        `grant_type "${grantType}" is not supported; use authorization_code or refresh_token.`,
      );
    }),
  }),
  publicRoute({
    method: "POST",
    pattern: "/v1/oauth/introspect",
    handler: oauthEndpoint(async ({ services, request }) => {
      const client = services.oauth.authenticate(basicCredentials(request.headers.authorization));
      const body = await readOAuthBody(request);
      return { json: services.oauth.introspect(client, requiredString(body, "token")) };
    }),
  }),
  publicRoute({
    method: "POST",
    pattern: "/v1/oauth/revoke",
    handler: oauthEndpoint(async ({ services, request }) => {
      const client = services.oauth.authenticate(basicCredentials(request.headers.authorization));
      const body = await readOAuthBody(request);
      services.oauth.revoke(client, requiredString(body, "token"));
      const answer: OauthRevokeResponse = {};
      return { json: answer };
    }),
  }),
];
