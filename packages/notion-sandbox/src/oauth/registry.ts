import type { OauthIntrospectResponse, OauthTokenResponse } from "@notionhq/client";
import { hashToken, mintToken } from "../auth/tokens";
import type { Clock } from "../clock/clock";
import { newId, randomAlphanumeric } from "../ids/ids";
import { ALL_CAPABILITIES, type Capability, type Grant, type UserRecord } from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";
import type { ClientCredentials } from "./client-credentials";
import { OAuthError } from "./oauth-error";

/** Notion's authorization codes are valid for 10 minutes. */
export const CODE_LIFETIME_MS = 10 * 60_000;
/** How long a rendered consent screen can be submitted. */
const CONSENT_LIFETIME_MS = 30 * 60_000;

export interface OAuthClientOptions {
  /** The integration's name: the consent screen's heading and its bot user's name. */
  name?: string;
  /** Registered redirect URIs; `authorize` refuses any other. */
  redirectUris?: string[];
  capabilities?: Capability[];
}

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
  /** The integration's bot user: `bot_id` of its tokens, author of its API edits. */
  botId: string;
}

export interface OAuthClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  capabilities: Capability[];
  /** One bot per public integration in this workspace, as Notion's `bot_id`. */
  botUserId: string;
}

/** The account the integration's service named when it exchanged a Link Preview code. */
export interface ExternalAccount {
  key: string;
  name: string;
}

/** An authorization request waiting for the person's decision on the consent screen. */
export interface PendingConsent {
  id: string;
  clientId: string;
  redirectUri: string;
  /** Whether the authorize request named the redirect URI; then the token request must repeat it. */
  redirectUriSent: boolean;
  state: string | null;
  expiresAt: number;
}

interface ClientRecord extends OAuthClient {
  secretHash: string;
}

interface CodeRecord {
  clientId: string;
  redirectUri: string | null;
  grant: Grant;
  ownerId: string;
  expiresAt: number;
  redeemed: { externalAccount: ExternalAccount | null; accessTokenHash: string } | null;
}

interface InstallationRecord {
  clientId: string;
  grant: Grant;
  ownerId: string;
}

interface AccessRecord extends InstallationRecord {
  issuedAt: number;
}

/**
 * Notion's side of public-integration OAuth: registered clients, consent requests, single-use
 * expiring codes, access tokens (stored in the workspace like any token) and rotating refresh tokens.
 * Secrets, codes and tokens are kept as SHA-256 hashes only.
 */
export class OAuthRegistry {
  readonly #clients = new Map<string, ClientRecord>();
  readonly #consents = new Map<string, PendingConsent>();
  readonly #codes = new Map<string, CodeRecord>();
  readonly #refreshTokens = new Map<string, InstallationRecord>();
  readonly #accessTokens = new Map<string, AccessRecord>();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly clock: Clock,
  ) {}

  createClient(options: OAuthClientOptions = {}): OAuthClientCredentials {
    const name = options.name ?? "Sandbox Public Integration";
    const bot = this.store.addUser({ id: newId(), name, kind: "bot", email: null });
    const clientId = newId();
    const clientSecret = `secret_${randomAlphanumeric(43)}`;
    this.#clients.set(clientId, {
      clientId,
      secretHash: hashToken(clientSecret),
      name,
      redirectUris: options.redirectUris ?? [],
      capabilities: options.capabilities ?? [...ALL_CAPABILITIES],
      botUserId: bot.id,
    });
    return { clientId, clientSecret, botId: bot.id };
  }

  client(clientId: string): OAuthClient | undefined {
    return this.#clients.get(clientId);
  }

  /** Checks HTTP Basic client credentials; a wrong id or secret is `invalid_client` (401). */
  authenticate(credentials: ClientCredentials): OAuthClient {
    const client = this.#clients.get(credentials.clientId);
    if (!client || client.secretHash !== hashToken(credentials.clientSecret)) {
      throw new OAuthError(
        "invalid_client",
        "Client authentication failed: check the integration's OAuth client ID and client secret.",
      );
    }
    return client;
  }

  /** Validates an authorize request; errors here are shown on a page, never redirected to an unchecked URI. */
  checkAuthorizeRequest(
    clientId: string,
    redirectUri: string | null,
  ): { client: OAuthClient; redirectUri: string } {
    const client = this.#clients.get(clientId);
    if (!client) throw new OAuthError("invalid_request", `No integration has the client ID "${clientId}".`);
    const chosen = redirectUri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
    if (chosen === undefined || !client.redirectUris.includes(chosen)) {
      throw new OAuthError(
        "invalid_request",
        `The redirect_uri "${redirectUri ?? ""}" is not one of the integration's registered redirect URIs.`,
      );
    }
    return { client, redirectUri: chosen };
  }

  openConsent(
    clientId: string,
    redirectUri: string,
    redirectUriSent: boolean,
    state: string | null,
  ): PendingConsent {
    const consent: PendingConsent = {
      id: newId(),
      clientId,
      redirectUri,
      redirectUriSent,
      state,
      expiresAt: this.clock.now() + CONSENT_LIFETIME_MS,
    };
    this.#consents.set(consent.id, consent);
    return consent;
  }

  /** Each rendered consent screen can be answered once. */
  takeConsent(id: string): PendingConsent {
    const consent = this.#consents.get(id);
    this.#consents.delete(id);
    if (!consent || consent.expiresAt < this.clock.now()) {
      throw new OAuthError(
        "invalid_request",
        "This consent screen has expired or was already answered; start again.",
      );
    }
    return consent;
  }

  /** A single-use code; `redirectUri` is what the authorize request carried (null when it had none). */
  issueCode(clientId: string, redirectUri: string | null, grant: Grant, ownerId: string): string {
    const code = newId();
    this.#codes.set(hashToken(code), {
      clientId,
      redirectUri,
      grant,
      ownerId,
      expiresAt: this.clock.now() + CODE_LIFETIME_MS,
      redeemed: null,
    });
    return code;
  }

  /** What became of a code: the external account named when it was exchanged, if it was. */
  redemption(code: string): { externalAccount: ExternalAccount | null; accessTokenHash: string } | null {
    return this.#codes.get(hashToken(code))?.redeemed ?? null;
  }

  redeemCode(
    client: OAuthClient,
    code: string,
    redirectUri: string | null,
    externalAccount: ExternalAccount | null,
  ): OauthTokenResponse {
    const record = this.#codes.get(hashToken(code));
    if (!record || record.clientId !== client.clientId) {
      throw new OAuthError("invalid_grant", "Invalid code: it was not issued to this integration.");
    }
    if (record.redeemed)
      throw new OAuthError("invalid_grant", "Invalid code: this code has already been used.");
    if (record.expiresAt < this.clock.now()) {
      throw new OAuthError(
        "invalid_grant",
        "Invalid code: this code has expired; start the authorization again.",
      );
    }
    if (record.redirectUri !== null && redirectUri !== record.redirectUri) {
      throw new OAuthError(
        "invalid_grant",
        "The redirect_uri does not match the one of the authorization request; send the same value.",
      );
    }
    const response = this.#install(client, record);
    record.redeemed = { externalAccount, accessTokenHash: hashToken(response.access_token) };
    return response;
  }

  /** Refresh tokens are single-use: each refresh answers a new pair. */
  refresh(client: OAuthClient, refreshToken: string): OauthTokenResponse {
    const hash = hashToken(refreshToken);
    const record = this.#refreshTokens.get(hash);
    if (!record || record.clientId !== client.clientId) {
      throw new OAuthError("invalid_grant", "Invalid refresh token: it is unknown, used or revoked.");
    }
    this.#refreshTokens.delete(hash);
    return this.#install(client, record);
  }

  introspect(client: OAuthClient, token: string): OauthIntrospectResponse {
    const hash = hashToken(token);
    const record = this.#accessTokens.get(hash);
    const stored = this.store.tokens.get(hash);
    if (!record || record.clientId !== client.clientId || !stored || stored.revokedAt !== null) {
      return { active: false };
    }
    return { active: true, scope: stored.capabilities.join(" "), iat: record.issuedAt };
  }

  /** Revokes an access or refresh token of this client; unknown tokens are ignored, as RFC 7009 asks. */
  revoke(client: OAuthClient, token: string): void {
    const hash = hashToken(token);
    if (this.#refreshTokens.get(hash)?.clientId === client.clientId) this.#refreshTokens.delete(hash);
    if (this.#accessTokens.get(hash)?.clientId === client.clientId) this.store.revokeToken(hash);
  }

  clear(): void {
    for (const map of [this.#clients, this.#consents, this.#codes, this.#refreshTokens, this.#accessTokens]) {
      map.clear();
    }
  }

  #install(client: OAuthClient, installation: InstallationRecord): OauthTokenResponse {
    const issued = mintToken(this.store, client.botUserId, `tok_${newId().slice(0, 8)}`, {
      capabilities: client.capabilities,
      grant: installation.grant,
    });
    const installationRecord = {
      clientId: client.clientId,
      grant: installation.grant,
      ownerId: installation.ownerId,
    };
    this.#accessTokens.set(hashToken(issued.token), { ...installationRecord, issuedAt: this.clock.now() });
    const refreshToken = `nrt_${randomAlphanumeric(46)}`;
    this.#refreshTokens.set(hashToken(refreshToken), installationRecord);
    const owner = this.store.users.get(installation.ownerId);
    return {
      access_token: issued.token,
      token_type: "bearer",
      refresh_token: refreshToken,
      bot_id: client.botUserId,
      workspace_icon: null,
      workspace_name: this.store.workspace.name,
      workspace_id: this.store.workspace.id,
      owner: { type: "user", user: owner ? ownerUser(owner) : { object: "user", id: installation.ownerId } },
      duplicated_template_id: null,
    };
  }
}

type OwnerUser = Extract<OauthTokenResponse["owner"], { type: "user" }>["user"];

function ownerUser(user: UserRecord): OwnerUser {
  if (user.email === null) return { object: "user", id: user.id };
  return {
    object: "user",
    id: user.id,
    type: "person",
    person: { email: user.email },
    name: user.name,
    avatar_url: null,
  };
}
