/** The Notion public integration the desktop app connects through; its secret stays on the server. */
export interface OAuthBrokerOptions {
  readonly notionClientId: string;
  readonly notionClientSecret: string;
  /** Default `https://api.notion.com`; tests point it at the sandbox. */
  readonly notionBaseUrl?: string;
  /**
   * The hosted server: each Notion workspace that signs in gets an account (created at its first sign-in, linked at
   * later ones) and each sign-in an API key for it, returned with the token. Off by default: a self-hoster's broker
   * only connects Notion, and its accounts stay the ones it configures.
   */
  readonly signInAccounts?: boolean;
  /** How long a sign-in and a broker code stay valid (ms). Default 5 minutes. */
  readonly codeTtlMs?: number;
  /**
   * Sign-ins waiting for Notion at once (all instances). Past it new starts answer 503 until some finish or expire;
   * waiting ones are never pushed out, so a flood of anonymous starts cannot cancel real sign-ins. Default 10,000.
   */
  readonly maxPendingSignIns?: number;
}

export const DEFAULT_BROKER_CODE_TTL_MS = 5 * 60_000;
