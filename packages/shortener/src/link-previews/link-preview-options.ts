/** Notion's constant OAuth callback for Link Preview connections, as its Link Preview guide gives it. */
export const NOTION_LINK_PREVIEW_CALLBACK = "https://notion.so/externalIntegrationAuthCallback";

export interface LinkPreviewOptions {
  /** The client id and secret Notion presents at our token URL (enter them in Notion's Link Preview settings). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The Link Preview integration at Notion: exchanges Notion's code and updates previews. */
  readonly notionClientId: string;
  readonly notionClientSecret: string;
  /** Default `https://api.notion.com`; tests point it at the sandbox. */
  readonly notionBaseUrl?: string;
  /** The only redirect_uri our authorize URL accepts. Default Notion's constant callback. */
  readonly notionRedirectUri?: string;
  /** Lifetime of our access tokens (s). Default 3600. */
  readonly accessTokenTtlSeconds?: number;
  /** At most one update per preview in this window (ms). Default 60,000. */
  readonly updateIntervalMs?: number;
  /** Requests a second to Notion's external object endpoint. Default 3. */
  readonly notionRequestsPerSecond?: number;
  /**
   * The longest a waiting update sleeps before it looks at the clock again (ms). Default: `updateIntervalMs`, so an
   * update waits once; tests that move a fake clock set it low.
   */
  readonly pollIntervalMs?: number;
}
