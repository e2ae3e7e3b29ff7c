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
