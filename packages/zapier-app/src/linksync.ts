import {
  createNotionGateway,
  defaultFieldMap,
  type OperationContext,
  type SchedulerTuning,
} from "@linksync/core";
import type { Bundle, ZObject } from "zapier-platform-core";
import { notionBaseUrl } from "./config";
import { toZapierError } from "./errors";
import { type ClickStats, type ProviderConnection, providerEntry } from "./providers";
import { checkShortenerBaseUrl } from "./shortener-url";

/**
 * A Zapier run waits at most about 30 s: retry what clears quickly (a short Retry-After, a 5xx blip) within 20 s,
 * and hand longer throttling back to Zapier as a ThrottledError with Notion's delay.
 */
const ZAPIER_SCHEDULER: SchedulerTuning = { maxAttempts: 4, maxElapsedMs: 20_000 };

export interface Linksync {
  readonly ctx: OperationContext;
  /** The QR image URL of a short link, when the connection's provider serves one. */
  readonly qrUrl: (shortUrl: string) => string | null;
  /** Click count and last click of each link id the provider knows. */
  readonly clickStats: (ids: readonly string[]) => Promise<ReadonlyMap<string, ClickStats>>;
  /** The shortener's host, e.g. `go.example.com`. */
  readonly providerHost: string;
}

/** The connection's provider address and key, refused before any request when the address is not https. */
export function providerConnection(
  z: ZObject,
  authData: Bundle["authData"],
): ProviderConnection & { host: string } {
  const check = checkShortenerBaseUrl(authData.shortenerBaseUrl ?? "");
  if (!check.ok)
    throw new z.errors.Error(`${check.problem} Reconnect Linksync with it.`, "invalid_shortener_url");
  return { baseUrl: check.url, host: check.host, apiKey: authData.shortenerApiKey ?? "" };
}

/** Runs core operations with this connection's credentials; core's failures leave as Zapier's errors. */
export async function withLinksync<T>(
  z: ZObject,
  bundle: Bundle,
  run: (linksync: Linksync) => Promise<T>,
): Promise<T> {
  const entry = providerEntry(bundle.authData.provider);
  if (!entry) {
    throw new z.errors.Error(
      "This connection names a link provider Linksync does not know. Reconnect Linksync and pick a Short Link Provider.",
      "unknown_provider",
    );
  }
  const connection = providerConnection(z, bundle.authData);
  const notion = createNotionGateway({
    auth: bundle.authData.access_token ?? "",
    baseUrl: notionBaseUrl(),
    scheduler: ZAPIER_SCHEDULER,
    connectionId: "zapier",
  });
  const ctx: OperationContext = {
    notion,
    provider: entry.create(connection),
    fieldMap: defaultFieldMap(),
    priority: "interactive",
  };
  try {
    return await run({
      ctx,
      qrUrl: entry.qrUrl,
      clickStats: (ids) => entry.clickStats(z, connection, ids),
      providerHost: connection.host,
    });
  } catch (error) {
    const status = notion.scheduler.status();
    throw toZapierError(z, error, {
      canRefresh: Boolean(bundle.authData.refresh_token),
      notionRetryAfterMs: status.state === "throttled" ? status.retryAfterMs : null,
    });
  }
}
