/**
 * Where the app reaches Notion. Zapier passes environment variables set with `zapier-platform env:set` through
 * `process.env`; tests point `NOTION_BASE_URL` at the in-process sandbox.
 */
const DEFAULT_NOTION_BASE_URL = "https://api.notion.com";

export function notionBaseUrl(): string {
  return (process.env.NOTION_BASE_URL ?? DEFAULT_NOTION_BASE_URL).replace(/\/+$/, "");
}

/** The OAuth client registered in Notion; both values come from the Zapier environment, never from code. */
export function oauthClient(): { readonly id: string; readonly secret: string } {
  return { id: process.env.CLIENT_ID ?? "", secret: process.env.CLIENT_SECRET ?? "" };
}
