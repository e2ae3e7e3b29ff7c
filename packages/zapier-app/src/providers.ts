import { createLinksyncShortenerProvider, LINKSYNC_SHORTENER_KIND, type LinkProvider } from "@linksync/core";
import type { ZObject } from "zapier-platform-core";

/** A link's clicks as Get Clicks and New Click report them. */
export interface ClickStats {
  readonly clicks: number;
  /** ISO-8601 UTC, null when the link was never clicked. */
  readonly lastClickAt: string | null;
}

/** What a connection says about its provider once its base URL passed `checkShortenerBaseUrl`. */
export interface ProviderConnection {
  readonly baseUrl: string;
  readonly apiKey: string;
}

/**
 * Link providers a connection may use, declared once: how to build each from the connection's fields, where its
 * QR image lives and how to read a link's click statistics. Another provider adds an entry here and its fields in
 * `authentication.ts`.
 */
export interface ProviderEntry {
  readonly create: (connection: ProviderConnection) => LinkProvider;
  /** A public PNG of the short link's QR code, when the provider serves one. */
  readonly qrUrl: (shortUrl: string) => string | null;
  /** Click count and last click of each link id it knows. */
  readonly clickStats: (
    z: ZObject,
    connection: ProviderConnection,
    ids: readonly string[],
  ) => Promise<ReadonlyMap<string, ClickStats>>;
}

const PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  [LINKSYNC_SHORTENER_KIND]: {
    create: ({ baseUrl, apiKey }) => createLinksyncShortenerProvider({ baseUrl, apiKey }),
    qrUrl: (shortUrl) => `${shortUrl}.png`,
    // `GET /api/clicks` answers count and last click per id; core's `LinkProvider.clicks` keeps only the count.
    clickStats: async (z, { baseUrl, apiKey }, ids) => {
      const response = await z.request({
        url: `${baseUrl}/api/clicks`,
        params: { ids: ids.join(",") },
        headers: { Authorization: `Bearer ${apiKey}` },
        skipThrowForStatus: true,
      });
      if (response.status === 401) {
        throw new z.errors.ExpiredAuthError(
          "The shortener refused the API key of this connection. Reconnect Linksync with a current Shortener API Key.",
        );
      }
      if (response.status >= 500 || response.status === 429) {
        throw new z.errors.ThrottledError(
          `The shortener is unavailable (HTTP ${response.status}). Zapier tries this step again in a minute.`,
          60,
        );
      }
      const clicks = (response.data as { clicks?: unknown } | null)?.clicks;
      if (response.status !== 200 || typeof clicks !== "object" || clicks === null) {
        throw new z.errors.Error(
          `The shortener answered its click counts with HTTP ${response.status} and no counts. Check that the Shortener Base URL points to a Linksync Shortener.`,
          "provider_malformed_response",
        );
      }
      const stats = new Map<string, ClickStats>();
      for (const [id, value] of Object.entries(clicks)) {
        const { count, lastClickAt } = (value ?? {}) as { count?: unknown; lastClickAt?: unknown };
        if (typeof count !== "number") continue;
        stats.set(id, { clicks: count, lastClickAt: typeof lastClickAt === "string" ? lastClickAt : null });
      }
      return stats;
    },
  },
};

export function providerEntry(kind: string | undefined): ProviderEntry | undefined {
  return PROVIDERS[kind ?? LINKSYNC_SHORTENER_KIND];
}
