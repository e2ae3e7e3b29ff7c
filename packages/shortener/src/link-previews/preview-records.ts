import type { SealedSecret } from "../secrets/secret-box";

/** One connection of a Notion workspace to a Linksync account, made through the consent page. */
export interface PreviewGrantRecord {
  readonly id: string;
  readonly accountId: string;
  /** SHA-256 of our current access token (the token itself is never stored). */
  accessTokenHash: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  /** SHA-256 of our current refresh token; it rotates on every refresh. */
  refreshTokenHash: string;
  /** Notion's token for this account, sealed; null when Notion's code was missing from the flow. */
  readonly notionToken: SealedSecret | null;
  readonly createdAt: string;
}

/** A link unfurled in Notion, kept so changes to the link can be pushed to the preview. */
export interface PreviewRecord {
  readonly uri: string;
  readonly linkId: string;
  readonly accountId: string;
  readonly grantId: string;
  readonly createdAt: string;
  /** Epoch ms of the last update sent to Notion (or of the unfurl). */
  lastSentAt: number;
  /** Epoch ms of the first change not yet sent, null when Notion shows the current state. */
  changedAt: number | null;
}
