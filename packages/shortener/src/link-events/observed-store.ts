import { currentAccount } from "../accounts/account-scope";
import { PRIMARY_ACCOUNT_ID } from "../accounts/accounts";
import type { LinkOwners } from "../accounts/link-owners";
import type {
  ChangePage,
  ClickTally,
  CreateOutcome,
  LinkDraft,
  LinkEdit,
  LinkRecord,
  ShortenerStore,
  UpdateOutcome,
  UtmTemplateRecord,
} from "../store/store";
import type { LinkChangeHub } from "./link-change-hub";

/**
 * A ShortenerStore that reports every created and edited link, and every click batch, once it is durable. The store
 * sees every write whatever its path (API, future importers), so the link service needs no knowledge of webhooks or
 * previews. A new link is recorded as owned by the account of the request that created it.
 */
export class ObservedStore implements ShortenerStore {
  constructor(
    private readonly inner: ShortenerStore,
    private readonly owners: LinkOwners,
    private readonly hub: LinkChangeHub,
  ) {}

  async createLink(draft: LinkDraft): Promise<CreateOutcome> {
    const outcome = await this.inner.createLink(draft);
    if (outcome.kind === "created") {
      const accountId = currentAccount()?.id ?? PRIMARY_ACCOUNT_ID;
      await this.owners.record(outcome.link.id, accountId);
      await this.hub.notify({ kind: "created", link: outcome.link, accountId });
    }
    return outcome;
  }

  async updateLink(id: string, edit: LinkEdit, expectedVersion: number | null): Promise<UpdateOutcome> {
    const outcome = await this.inner.updateLink(id, edit, expectedVersion);
    if (outcome.kind === "updated") {
      await this.hub.notify({ kind: "updated", link: outcome.link, accountId: this.owners.ownerOf(id) });
    }
    return outcome;
  }

  async addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void> {
    await this.inner.addClicks(batch);
    await this.hub.notify({ kind: "clicked", clicks: batch });
  }

  linkById(id: string): Promise<LinkRecord | null> {
    return this.inner.linkById(id);
  }

  linkBySlug(slug: string): Promise<LinkRecord | null> {
    return this.inner.linkBySlug(slug);
  }

  linkByExternalId(externalId: string): Promise<LinkRecord | null> {
    return this.inner.linkByExternalId(externalId);
  }

  changesSince(afterSeq: number, limit: number): Promise<ChangePage> {
    return this.inner.changesSince(afterSeq, limit);
  }

  clickTotals(ids: readonly string[]): Promise<Map<string, ClickTally>> {
    return this.inner.clickTotals(ids);
  }

  utmTemplates(): Promise<readonly UtmTemplateRecord[]> {
    return this.inner.utmTemplates();
  }

  saveUtmTemplate(template: UtmTemplateRecord): Promise<{ template: UtmTemplateRecord; created: boolean }> {
    return this.inner.saveUtmTemplate(template);
  }

  deleteUtmTemplate(id: string): Promise<boolean> {
    return this.inner.deleteUtmTemplate(id);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
