/** The Notion public integration the desktop app connects through; its secret stays on the server. */
export interface OAuthBrokerOptions {
  readonly notionClientId: string;
  readonly notionClientSecret: string;
  /** Default `https://api.notion.com`; tests point it at the sandbox. */
  readonly notionBaseUrl?: string;
  /** How long a sign-in and a broker code stay valid (ms). Default 5 minutes. */
  readonly codeTtlMs?: number;
}

export const DEFAULT_BROKER_CODE_TTL_MS = 5 * 60_000;
