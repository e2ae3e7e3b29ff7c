import {
  createNotionGateway,
  defaultFieldMap,
  type NotionGateway,
  type OperationContext,
  pageOfLink,
  type SchedulerTuning,
  withSchemaFieldMap,
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

/** Notion gives every data source's title property this id, whatever the column is called. */
export const TITLE_PROPERTY_ID = "title";

export interface Linksync {
  /** The connection, with the default column names: for what reads no row. */
  readonly ctx: OperationContext;
  /** The connection's Notion gateway, for what no operation covers (the databases shared with the integration). */
  readonly notion: NotionGateway;
  /**
   * The context for one database, its columns found in its schema: a Zap holds no field map, and a column renamed
   * in Notion must still be found (`fieldMapFromSchema`). One request, once per run and database.
   */
  readonly forDataSource: (dataSourceId: string) => Promise<OperationContext>;
  /** The context for the database a Linksync link's row is in (the link's key names the row). */
  readonly forLink: (linkId: string) => Promise<OperationContext>;
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
  const contexts = new Map<string, Promise<OperationContext>>();
  const forDataSource = (dataSourceId: string): Promise<OperationContext> => {
    let context = contexts.get(dataSourceId);
    if (!context) {
      context = withSchemaFieldMap(ctx, dataSourceId);
      contexts.set(dataSourceId, context);
    }
    return context;
  };
  const forLink = async (linkId: string): Promise<OperationContext> => {
    // Only its parent is wanted: the title alone (Notion's title property id is always `title`).
    const page = await notion.retrievePage(await pageOfLink(ctx, linkId), {
      priority: "interactive",
      filterProperties: [TITLE_PROPERTY_ID],
    });
    return page.parent.type === "data_source_id" ? forDataSource(page.parent.data_source_id) : ctx;
  };
  try {
    return await run({
      ctx,
      notion,
      forDataSource,
      forLink,
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
