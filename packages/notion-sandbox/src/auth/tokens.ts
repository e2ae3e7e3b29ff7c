import { createHash } from "node:crypto";
import { ApiError } from "../errors/api-error";
import { newId, newIntegrationToken } from "../ids/ids";
import {
  ALL_CAPABILITIES,
  type Capability,
  type Grant,
  type TokenRecord,
  type UserRecord,
} from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";

/** Who is calling: the token record and the integration's bot user. */
export interface Principal {
  token: TokenRecord;
  bot: UserRecord;
}

export interface TokenOptions {
  /** The integration's name, shown as its bot user's name. */
  name?: string;
  capabilities?: Capability[];
  grant?: Grant;
}

/** A freshly issued token. `token` is the secret and is not kept anywhere by the sandbox. */
export interface IssuedToken {
  token: string;
  /** Non-secret id used in the request log (`byToken`). */
  tokenId: string;
  botUserId: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates an integration (a bot user) and its internal token. */
export function issueToken(store: WorkspaceStore, options: TokenOptions = {}): IssuedToken {
  const bot = store.addUser({
    id: newId(),
    name: options.name ?? "Linksync Sandbox",
    kind: "bot",
    email: null,
  });
  return mintToken(store, bot.id, `tok_${bot.id.slice(0, 8)}`, options);
}

/** A new token for an existing bot: an internal integration's first token, or each OAuth installation's. */
export function mintToken(
  store: WorkspaceStore,
  botUserId: string,
  tokenId: string,
  options: Pick<TokenOptions, "capabilities" | "grant"> = {},
): IssuedToken {
  const token = newIntegrationToken();
  const record = store.addToken({
    tokenId,
    tokenHash: hashToken(token),
    botUserId,
    revokedAt: null,
    capabilities: options.capabilities ?? [...ALL_CAPABILITIES],
    grant: options.grant ?? { kind: "workspace" },
  });
  return { token, tokenId: record.tokenId, botUserId };
}

/** Resolves the `Authorization: Bearer` header, answering 401 the way Notion does. */
export function authenticate(store: WorkspaceStore, header: string | undefined): Principal {
  const token = header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : undefined;
  const record = token ? store.tokens.get(hashToken(token)) : undefined;
  const bot = record ? store.users.get(record.botUserId) : undefined;
  if (!record || !bot || record.revokedAt !== null)
    throw new ApiError("unauthorized", "API token is invalid.");
  return { token: record, bot };
}

export function requireCapability(principal: Principal, capability: Capability): void {
  if (!principal.token.capabilities.includes(capability)) {
    throw new ApiError(
      "restricted_resource",
      `Insufficient permissions for this endpoint: the integration lacks the ${capability} capability.`,
    );
  }
}
