import type { IntegrationStore } from "../integration-store/integration-store";
import { PRIMARY_ACCOUNT_ID } from "./accounts";

/** Which account a link belongs to: the one whose API key created it. */
export class LinkOwners {
  constructor(private readonly store: IntegrationStore) {}

  ownerOf(linkId: string): string {
    return this.store.data.linkOwners[linkId] ?? PRIMARY_ACCOUNT_ID;
  }

  /** Only links of other accounts take an entry: the primary account owns every link without one. */
  async record(linkId: string, accountId: string): Promise<void> {
    if (accountId === PRIMARY_ACCOUNT_ID || this.store.data.linkOwners[linkId] === accountId) return;
    await this.store.change((data) => {
      data.linkOwners[linkId] = accountId;
    });
  }
}
