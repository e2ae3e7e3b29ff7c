import type { SealedSecret } from "../secrets/secret-box";

/** One connection of a Notion workspace to a Linksync account, made through the consent page. */
export interface PreviewGrantRecord {
  readonly id: string;
  readonly accountId: string;
  /** Notion's token for this account, sealed; null when Notion's code was missing from the flow. */
  readonly notionToken: SealedSecret | null;
}
