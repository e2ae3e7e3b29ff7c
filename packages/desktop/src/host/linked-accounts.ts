import type { ProviderConfig } from "@linksync/core";

/** Where the companion keeps its own secrets: the OS keychain vault in the app, a sealed file headless. */
export interface CompanionSecrets {
  set(name: string, secret: string): Promise<void>;
  get(name: string): string | null;
  delete(name: string): void;
}

/** Kept only while the process runs (tests, and hosts that give no vault). */
export function memorySecrets(): CompanionSecrets {
  const values = new Map<string, string>();
  return {
    set: async (name, secret) => {
      values.set(name, secret);
    },
    get: (name) => values.get(name) ?? null,
    delete: (name) => {
      values.delete(name);
    },
  };
}

const entryName = (connectionId: string) => `linksync-account:${connectionId}`;

/**
 * The Linksync account each Notion connection got when it signed in through the Linksync server: its shortener and
 * the API key the server issued for this computer. It is the connection's default shortener, so the user never
 * types an address or a key.
 */
export class LinkedAccounts {
  constructor(private readonly secrets: CompanionSecrets) {}

  async link(connectionId: string, baseUrl: string, apiKey: string): Promise<void> {
    await this.secrets.set(entryName(connectionId), JSON.stringify({ baseUrl, apiKey }));
  }

  shortenerOf(connectionId: string): ProviderConfig | null {
    const stored = this.secrets.get(entryName(connectionId));
    if (stored === null) return null;
    const parsed = JSON.parse(stored) as { baseUrl?: unknown; apiKey?: unknown };
    if (typeof parsed.baseUrl !== "string" || typeof parsed.apiKey !== "string") return null;
    return { kind: "linksync-shortener", baseUrl: parsed.baseUrl, apiKey: parsed.apiKey };
  }

  forget(connectionId: string): void {
    this.secrets.delete(entryName(connectionId));
  }
}

const REVOKE_TIMEOUT_MS = 4_000;

/**
 * Gives the Linksync server back the key this computer got at sign-in (`DELETE /api/keys/current`), when the
 * workspace is removed or signs in again, so keys do not pile up one per sign-in. A key the server no longer
 * knows (401) is already gone.
 */
export async function revokeSignInKey(account: ProviderConfig): Promise<void> {
  const response = await fetch(`${account.baseUrl}/api/keys/current`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${account.apiKey}` },
    signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
  });
  if (!response.ok && response.status !== 401) {
    throw new Error(`the Linksync server kept this computer's key (HTTP ${response.status})`);
  }
}

/** Revocation is tidying: the workspace is removed here whatever the server says, and the reason is logged. */
export function revokeInBackground(account: ProviderConfig | null): Promise<void> {
  if (!account) return Promise.resolve();
  return revokeSignInKey(account).catch((error: unknown) => {
    console.error("Linksync could not revoke a sign-in key:", error instanceof Error ? error.message : error);
  });
}
