import type { Clock } from "../clock/clock";
import { ApiError, validationError } from "../errors/api-error";
import { newId, normaliseId } from "../ids/ids";
import { CODE_LIFETIME_MS, type ExternalAccount, type OAuthRegistry } from "../oauth/registry";
import { isObject } from "../properties/json-shape";
import type { WorkspaceStore } from "../store/workspace-store";
import type { LinkPreviewCall, ServiceCalls } from "./service-calls";
import {
  applyOperations,
  type ExternalObjectState,
  type UnfurlAttribute,
  type UnfurlError,
  UnfurlShapeError,
} from "./unfurl-operations";
import { checkPatterns, matchesUnfurl } from "./url-matching";

/** The constant redirect URI Notion sends to Link Preview services (its `externalIntegrationAuthCallback`). */
export const NOTION_LINK_PREVIEW_REDIRECT_URI = "https://notion.so/externalIntegrationAuthCallback";

/** What a developer fills in on Notion's dashboard for a Link Preview integration. */
export interface LinkPreviewIntegrationOptions {
  name?: string;
  /** External Authorization Setup: the service's OAuth Authorize URL. */
  authorizeUrl: string;
  /** The service's OAuth Token URL (Notion POSTs `application/x-www-form-urlencoded`). */
  tokenUrl: string;
  /** The OAuth client ID and secret Notion uses with the service. */
  clientId: string;
  clientSecret: string;
  /** Optional `scope` Notion adds to the authorize URL. */
  scope?: string;
  /** Optional: Notion sends DELETE here when the person disconnects the account. */
  deletedTokenCallbackUrl?: string;
  /** Unfurling Domain & Patterns. */
  unfurlCallbackUrl: string;
  domain: string;
  /** Regular expressions (JavaScript syntax, named groups allowed); a pasted URL must match one. */
  patterns: string[];
  /** Default `https://notion.so/externalIntegrationAuthCallback`, as Notion sends it. */
  redirectUri?: string;
}

export interface LinkPreviewIntegration {
  integrationId: string;
  /** The integration's own Notion OAuth credentials: the service exchanges Notion's code with them at `/v1/oauth/token`. */
  notionClientId: string;
  notionClientSecret: string;
  /** The bot user whose token the service uses for `PATCH /v1/external/object`. */
  botId: string;
  redirectUri: string;
}

export interface PasteLinkRequest {
  url: string;
  pageId: string;
  /** Who pastes (default: the workspace's first person). Accounts are linked per person. */
  personId?: string;
  /** A service access token to link the account with directly, as if the person had connected before. */
  token?: string;
}

/** A Link Preview block on a page. */
export interface LinkPreview {
  id: string;
  pageId: string;
  uri: string;
  integrationId: string;
  /** The `external_account.key` the service gave when it exchanged Notion's code; null if it never did. */
  accountKey: string | null;
  attributes: UnfurlAttribute[];
  error: UnfurlError | null;
  createdTime: string;
  lastEditedTime: string;
}

export type LinkPasteOutcome =
  /** No account is linked: send the person's browser to `authorizeUrl`, then pass the redirect to `completeLinkAuthorization`. */
  | { status: "authorization_required"; authorizeUrl: string; state: string }
  | { status: "unfurled"; preview: LinkPreview }
  /** The service redirected back with `error` (e.g. `access_denied`). */
  | { status: "denied"; error: string; errorDescription: string | null };

interface IntegrationRecord extends LinkPreviewIntegrationOptions {
  integrationId: string;
  notionClientId: string;
  redirectUri: string;
}

interface Account {
  integrationId: string;
  personId: string;
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
  externalAccount: ExternalAccount | null;
  notionTokenHash: string | null;
}

interface PendingAuthorization {
  integrationId: string;
  personId: string;
  pageId: string;
  url: string;
  notionCode: string;
  expiresAt: number;
}

interface PreviewRecord extends ExternalObjectState {
  id: string;
  pageId: string;
  uri: string;
  account: Account;
  createdTime: number;
  lastEditedTime: number;
}

/**
 * Notion's side of Link Previews: recognising pasted URLs, the two-way OAuth dance with the
 * integration's service, unfurl callbacks, preview blocks, `PATCH /v1/external/object`,
 * and the DELETE callbacks when a preview is removed or the account disconnected.
 */
export class LinkPreviews {
  readonly #integrations = new Map<string, IntegrationRecord>();
  readonly #accounts = new Map<string, Account>();
  readonly #pending = new Map<string, PendingAuthorization>();
  readonly #previews = new Map<string, PreviewRecord>();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly clock: Clock,
    private readonly oauth: OAuthRegistry,
    private readonly service: ServiceCalls,
  ) {}

  createIntegration(options: LinkPreviewIntegrationOptions): LinkPreviewIntegration {
    checkPatterns(options.patterns);
    for (const url of [options.authorizeUrl, options.tokenUrl, options.unfurlCallbackUrl]) new URL(url);
    const name = options.name ?? "Link Preview Integration";
    const notion = this.oauth.createClient({ name, redirectUris: [], capabilities: [] });
    const record: IntegrationRecord = {
      ...options,
      name,
      integrationId: newId(),
      notionClientId: notion.clientId,
      redirectUri: options.redirectUri ?? NOTION_LINK_PREVIEW_REDIRECT_URI,
    };
    this.#integrations.set(record.integrationId, record);
    return {
      integrationId: record.integrationId,
      notionClientId: notion.clientId,
      notionClientSecret: notion.clientSecret,
      botId: notion.botId,
      redirectUri: record.redirectUri,
    };
  }

  async paste(request: PasteLinkRequest): Promise<LinkPasteOutcome> {
    const integration = [...this.#integrations.values()].find((candidate) =>
      matchesUnfurl(candidate, request.url),
    );
    if (!integration) {
      throw new Error(
        `No Link Preview integration unfurls ${request.url}: check its domain and URL patterns.`,
      );
    }
    const pageId = normaliseId(request.pageId) ?? request.pageId;
    if (!this.store.pages.has(pageId)) throw new Error(`No page has the id ${request.pageId}.`);
    const personId = this.#person(request.personId);
    const key = accountKey(integration.integrationId, personId);
    if (request.token !== undefined) {
      this.#accounts.set(key, {
        integrationId: integration.integrationId,
        personId,
        accessToken: request.token,
        refreshToken: null,
        expiresAt: null,
        externalAccount: null,
        notionTokenHash: null,
      });
    }
    const account = this.#accounts.get(key);
    if (account) return { status: "unfurled", preview: await this.#unfurl(account, pageId, request.url) };

    const state = newId();
    const notionCode = this.oauth.issueCode(
      integration.notionClientId,
      null,
      { kind: "objects", ids: [] },
      personId,
    );
    this.#pending.set(state, {
      integrationId: integration.integrationId,
      personId,
      pageId,
      url: request.url,
      notionCode,
      expiresAt: this.clock.now() + CODE_LIFETIME_MS,
    });
    const authorizeUrl = new URL(integration.authorizeUrl);
    authorizeUrl.searchParams.set("client_id", integration.clientId);
    authorizeUrl.searchParams.set("response_type", "code");
    authorizeUrl.searchParams.set("code", notionCode);
    authorizeUrl.searchParams.set("redirect_uri", integration.redirectUri);
    authorizeUrl.searchParams.set("state", state);
    if (integration.scope !== undefined) authorizeUrl.searchParams.set("scope", integration.scope);
    return { status: "authorization_required", authorizeUrl: authorizeUrl.toString(), state };
  }

  /** Notion's `externalIntegrationAuthCallback`: trades the service's code for its token, then unfurls the pasted link. */
  async completeAuthorization(redirectUrl: string): Promise<LinkPasteOutcome> {
    const redirect = new URL(redirectUrl);
    const pending = this.#pending.get(redirect.searchParams.get("state") ?? "");
    if (!pending || pending.expiresAt < this.clock.now()) {
      throw new Error(
        "The redirect's state matches no pending Link Preview authorization (unknown or expired).",
      );
    }
    const integration = this.#integration(pending.integrationId);
    const target = `${redirect.origin}${redirect.pathname}`;
    if (target !== integration.redirectUri) {
      throw new Error(
        `The service redirected to ${target}, not to Notion's callback ${integration.redirectUri}.`,
      );
    }
    this.#pending.delete(redirect.searchParams.get("state") ?? "");
    const error = redirect.searchParams.get("error");
    if (error !== null) {
      return { status: "denied", error, errorDescription: redirect.searchParams.get("error_description") };
    }
    const code = redirect.searchParams.get("code");
    if (!code) throw new Error("The service redirected to Notion without a code or an error.");
    const answer = await this.service.send("token", "POST", integration.tokenUrl, {
      form: {
        grant_type: "authorization_code",
        code,
        client_id: integration.clientId,
        client_secret: integration.clientSecret,
        redirect_uri: integration.redirectUri,
      },
    });
    const tokens = tokensOf(answer.body);
    if (!ok(answer.status) || !tokens) {
      throw new Error(
        `The service's token URL answered ${answer.status ?? "nothing"}${oauthErrorText(answer.body)}.`,
      );
    }
    const redemption = this.oauth.redemption(pending.notionCode);
    const account: Account = {
      integrationId: integration.integrationId,
      personId: pending.personId,
      ...this.#tokenFields(tokens, null),
      externalAccount: redemption?.externalAccount ?? null,
      notionTokenHash: redemption?.accessTokenHash ?? null,
    };
    this.#accounts.set(accountKey(integration.integrationId, pending.personId), account);
    return { status: "unfurled", preview: await this.#unfurl(account, pending.pageId, pending.url) };
  }

  previews(pageId?: string): LinkPreview[] {
    const wanted = pageId === undefined ? undefined : (normaliseId(pageId) ?? pageId);
    return [...this.#previews.values()]
      .filter((preview) => wanted === undefined || preview.pageId === wanted)
      .map((preview) => this.#view(preview));
  }

  /** Removes a preview block; when it was the last one of its URL, Notion tells the service with a DELETE. */
  async deletePreview(previewId: string): Promise<{ deleted: boolean; callbackStatus: number | null }> {
    const preview = this.#previews.get(previewId);
    if (!preview) return { deleted: false, callbackStatus: null };
    this.#previews.delete(previewId);
    const stillShown = [...this.#previews.values()].some(
      (other) => other.account === preview.account && other.uri === preview.uri,
    );
    if (stillShown) return { deleted: true, callbackStatus: null };
    const integration = this.#integration(preview.account.integrationId);
    const answer = await this.service.send(
      "unfurl_delete",
      "DELETE",
      integration.unfurlCallbackUrl,
      { json: { uri: preview.uri } },
      preview.account.accessToken,
    );
    return { deleted: true, callbackStatus: answer.status };
  }

  /** The person disconnects the account: Notion calls the deleted-token callback and drops both tokens. */
  async disconnect(
    integrationId: string,
    personId?: string,
  ): Promise<{ disconnected: boolean; callbackStatus: number | null }> {
    const key = accountKey(integrationId, this.#person(personId));
    const account = this.#accounts.get(key);
    if (!account) return { disconnected: false, callbackStatus: null };
    this.#accounts.delete(key);
    if (account.notionTokenHash !== null) this.store.revokeToken(account.notionTokenHash);
    const integration = this.#integration(integrationId);
    if (integration.deletedTokenCallbackUrl === undefined)
      return { disconnected: true, callbackStatus: null };
    const answer = await this.service.send(
      "deleted_token",
      "DELETE",
      integration.deletedTokenCallbackUrl,
      { json: { access_token: account.accessToken, external_account: account.externalAccount } },
      account.accessToken,
    );
    return { disconnected: true, callbackStatus: answer.status };
  }

  /** `PATCH /v1/external/object` from the service, with the Notion token it got for this account. */
  updateExternalObject(
    notionTokenHash: string,
    body: Record<string, unknown>,
  ): { uri: string; operations: unknown } {
    const account = [...this.#accounts.values()].find(
      (candidate) => candidate.notionTokenHash === notionTokenHash,
    );
    if (!account) {
      throw new ApiError(
        "restricted_resource",
        "This token belongs to no connected Link Preview account; use the token Notion issued for the account's code.",
      );
    }
    if (typeof body.uri !== "string")
      throw validationError("body failed validation: body.uri should be a string.");
    const uri = body.uri;
    const previews = [...this.#previews.values()].filter(
      (preview) => preview.account === account && preview.uri === uri,
    );
    if (previews.length === 0) {
      throw new ApiError("object_not_found", `Could not find a Link Preview of ${uri} for this account.`);
    }
    const now = this.clock.now();
    for (const preview of previews) {
      try {
        Object.assign(preview, applyOperations(preview, body.operations), { lastEditedTime: now });
      } catch (error) {
        if (error instanceof UnfurlShapeError)
          throw validationError(`body failed validation: ${error.message}`);
        throw error;
      }
    }
    return { uri, operations: body.operations };
  }

  calls(): LinkPreviewCall[] {
    return this.service.calls();
  }

  close(): void {
    this.service.close();
  }

  clear(): void {
    this.service.clear();
    this.#integrations.clear();
    this.#accounts.clear();
    this.#pending.clear();
    this.#previews.clear();
  }

  async #unfurl(account: Account, pageId: string, url: string): Promise<LinkPreview> {
    const integration = this.#integration(account.integrationId);
    let refreshed = false;
    if (account.expiresAt !== null && account.expiresAt <= this.clock.now())
      refreshed = await this.#refresh(account);
    let answer = await this.#unfurlCall(integration, account, url);
    if (answer.status === 401 && !refreshed && (await this.#refresh(account))) {
      answer = await this.#unfurlCall(integration, account, url);
    }
    const now = this.clock.now();
    const preview: PreviewRecord = {
      id: newId(),
      pageId,
      uri: url,
      account,
      ...unfurled(answer.status, answer.body),
      createdTime: now,
      lastEditedTime: now,
    };
    this.#previews.set(preview.id, preview);
    return this.#view(preview);
  }

  #unfurlCall(integration: IntegrationRecord, account: Account, url: string) {
    return this.service.send(
      "unfurl",
      "POST",
      integration.unfurlCallbackUrl,
      { json: { uri: url } },
      account.accessToken,
    );
  }

  /** Notion refreshes an expired service token with the refresh token the service gave; false when it cannot. */
  async #refresh(account: Account): Promise<boolean> {
    if (account.refreshToken === null) return false;
    const integration = this.#integration(account.integrationId);
    const answer = await this.service.send("refresh", "POST", integration.tokenUrl, {
      form: {
        grant_type: "refresh_token",
        refresh_token: account.refreshToken,
        client_id: integration.clientId,
        client_secret: integration.clientSecret,
        redirect_uri: integration.redirectUri,
      },
    });
    const tokens = tokensOf(answer.body);
    if (!ok(answer.status) || !tokens) return false;
    Object.assign(account, this.#tokenFields(tokens, account.refreshToken));
    return true;
  }

  #tokenFields(tokens: ServiceTokens, previousRefresh: string | null) {
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? previousRefresh,
      expiresAt: tokens.expires_in === undefined ? null : this.clock.now() + tokens.expires_in * 1000,
    };
  }

  #person(personId: string | undefined): string {
    const person =
      personId === undefined
        ? [...this.store.users.values()].find((user) => user.kind === "person")
        : this.store.users.get(personId);
    if (person?.kind !== "person") {
      throw new Error("Link Previews need a person who pastes: seed one, or pass the personId of a person.");
    }
    return person.id;
  }

  #integration(integrationId: string): IntegrationRecord {
    const integration = this.#integrations.get(integrationId);
    if (!integration) throw new Error(`No Link Preview integration has the id ${integrationId}.`);
    return integration;
  }

  #view(preview: PreviewRecord): LinkPreview {
    return {
      id: preview.id,
      pageId: preview.pageId,
      uri: preview.uri,
      integrationId: preview.account.integrationId,
      accountKey: preview.account.externalAccount?.key ?? null,
      attributes: structuredClone(preview.attributes),
      error: preview.error,
      createdTime: new Date(preview.createdTime).toISOString(),
      lastEditedTime: new Date(preview.lastEditedTime).toISOString(),
    };
  }
}

interface ServiceTokens {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

function tokensOf(body: unknown): ServiceTokens | null {
  if (!isObject(body) || typeof body.access_token !== "string") return null;
  return {
    access_token: body.access_token,
    ...(typeof body.refresh_token === "string" ? { refresh_token: body.refresh_token } : {}),
    ...(typeof body.expires_in === "number" ? { expires_in: body.expires_in } : {}),
  };
}

/** What the unfurl callback's answer puts on the preview; a failed callback shows as the preview's error. */
function unfurled(status: number | null, body: unknown): ExternalObjectState {
  const empty: ExternalObjectState = { attributes: [], error: null };
  if (status === null)
    return { ...empty, error: { status: 502, message: "The unfurl callback could not be reached." } };
  if (!ok(status))
    return { ...empty, error: { status, message: `The unfurl callback answered HTTP ${status}.` } };
  try {
    return applyOperations(empty, isObject(body) ? body.operations : undefined);
  } catch (error) {
    if (!(error instanceof UnfurlShapeError)) throw error;
    return {
      ...empty,
      error: { status: 502, message: `The unfurl callback's answer is malformed: ${error.message}` },
    };
  }
}

function ok(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}

function oauthErrorText(body: unknown): string {
  if (!isObject(body) || typeof body.error !== "string") return "";
  return ` (${body.error}${typeof body.error_description === "string" ? `: ${body.error_description}` : ""})`;
}

function accountKey(integrationId: string, personId: string): string {
  return `${integrationId}|${personId}`;
}
