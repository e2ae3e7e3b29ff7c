import { createLinksyncShortenerProvider, LINKSYNC_SHORTENER_KIND, type LinkProvider } from "@linksync/core";
import type { Bundle } from "zapier-platform-core";

/**
 * Link providers a connection may use, declared once: how to build each from the connection's fields and where its
 * QR image lives. Another provider adds an entry here and its fields in `authentication.ts`.
 */
interface ProviderEntry {
  readonly create: (authData: Bundle["authData"]) => LinkProvider;
  /** A public PNG of the short link's QR code, when the provider serves one. */
  readonly qrUrl: (shortUrl: string) => string | null;
}

const PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  [LINKSYNC_SHORTENER_KIND]: {
    create: (authData) =>
      createLinksyncShortenerProvider({
        baseUrl: authData.shortenerBaseUrl ?? "",
        apiKey: authData.shortenerApiKey ?? "",
      }),
    qrUrl: (shortUrl) => `${shortUrl}.png`,
  },
};

export function providerEntry(authData: Bundle["authData"]): ProviderEntry | undefined {
  return PROVIDERS[authData.provider ?? LINKSYNC_SHORTENER_KIND];
}
