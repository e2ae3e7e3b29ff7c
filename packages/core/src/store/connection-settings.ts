/** Requests per second of a connection's scheduler when the user did not choose. */
export const DEFAULT_REQUESTS_PER_SECOND = 3;

/** A connection's settings, as stored in its record (`ConnectionRecord.settings`) and used by the agent. */
export interface ConnectionSettings {
  /** Notion API base URL; `null` for Notion itself. */
  readonly notionBaseUrl: string | null;
  readonly requestsPerSecond: number;
  readonly label: string;
  /** The link provider's base URL, once a database was attached with it. */
  readonly providerBaseUrl: string | null;
  /**
   * How an OAuth connection renews its tokens (the refresh token and any client secret are in the vault); `null`
   * for an internal token, which Notion never expires.
   */
  readonly tokenRefresh: { readonly via: "broker"; readonly url: string } | { readonly via: "notion" } | null;
}

/**
 * The stored settings, checked field by field as they are read: a value of the wrong type takes its one default
 * (`label` the workspace's name). A record written before the settings were typed keeps them as strings in
 * `providerOptions`; they are read from there (and written back typed by the next save).
 */
export function readConnectionSettings(
  stored: unknown,
  legacy: Readonly<Record<string, string>>,
  workspaceName: string,
): ConnectionSettings {
  if (typeof stored !== "object" || stored === null) return fromStrings(legacy, workspaceName);
  const value = stored as Partial<Record<keyof ConnectionSettings, unknown>>;
  const rate = value.requestsPerSecond;
  return {
    notionBaseUrl: nonEmptyString(value.notionBaseUrl),
    requestsPerSecond:
      typeof rate === "number" && Number.isFinite(rate) && rate > 0 ? rate : DEFAULT_REQUESTS_PER_SECOND,
    label: nonEmptyString(value.label) ?? workspaceName,
    providerBaseUrl: nonEmptyString(value.providerBaseUrl),
    tokenRefresh: tokenRefreshOf(value.tokenRefresh),
  };
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function tokenRefreshOf(value: unknown): ConnectionSettings["tokenRefresh"] {
  if (typeof value !== "object" || value === null) return null;
  const { via, url } = value as { via?: unknown; url?: unknown };
  if (via === "broker" && typeof url === "string" && url !== "") return { via, url };
  return via === "notion" ? { via } : null;
}

/** The string form records kept before the settings were typed. */
function fromStrings(options: Readonly<Record<string, string>>, workspaceName: string): ConnectionSettings {
  return {
    notionBaseUrl: options.notionBaseUrl || null,
    requestsPerSecond: Number(options.requestsPerSecond) || DEFAULT_REQUESTS_PER_SECOND,
    label: options.label ?? workspaceName,
    providerBaseUrl: options.providerBaseUrl ?? null,
    tokenRefresh: options.tokenRefreshUrl
      ? { via: "broker", url: options.tokenRefreshUrl }
      : options.tokenRefreshVia === "notion"
        ? { via: "notion" }
        : null,
  };
}
