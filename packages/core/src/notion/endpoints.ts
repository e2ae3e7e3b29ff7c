/**
 * The Notion API version every request names (`Notion-Version`), pinned so a new SDK default never changes the
 * shapes the engine reads. 2026-03-11: the newest version whose shapes the SDK's types describe and the sandbox
 * models with recordings behind it (`in_trash` only, no `archived`). The engine already passes `filter_properties`
 * on every query and page read, which is what 2026-12-01 requires (it returns only the title otherwise), so that
 * upgrade is: bump this constant, run the scenario suite against the sandbox under the new version, then one
 * smoke run against a real workspace (docs/notion-version.md).
 */
export const NOTION_VERSION = "2026-03-11";

/**
 * Notion answers 503 after at most 60 s of work; a request still silent a little after that is lost. Each attempt
 * gets 65 s before the scheduler counts it as a timeout and retries.
 */
export const ATTEMPT_TIMEOUT_MS = 65_000;

/**
 * Every Notion endpoint Linksync calls, as data. `retrySafe: false` marks requests that create something: they are
 * not repeated when a first attempt may have landed, so no page, comment or database is ever created twice.
 */
export const ENDPOINTS = {
  "dataSources.retrieve": { retrySafe: true },
  "dataSources.update": { retrySafe: true },
  "dataSources.query": { retrySafe: true },
  "databases.retrieve": { retrySafe: true },
  "databases.create": { retrySafe: false },
  "pages.create": { retrySafe: false },
  "pages.retrieve": { retrySafe: true },
  "pages.update": { retrySafe: true },
  "comments.create": { retrySafe: false },
  "comments.list": { retrySafe: true },
  // An upload (or an import) created twice leaves an unused one, which Notion expires unattached: harmless.
  "fileUploads.create": { retrySafe: true },
  "fileUploads.send": { retrySafe: false },
  "fileUploads.retrieve": { retrySafe: true },
  "fileUploads.list": { retrySafe: true },
  search: { retrySafe: true },
  "users.me": { retrySafe: true },
} as const satisfies Record<string, { readonly retrySafe: boolean }>;

export type NotionEndpoint = keyof typeof ENDPOINTS;
export const NOTION_ENDPOINTS = Object.keys(ENDPOINTS) as NotionEndpoint[];
