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
 * previews.
 */
export class ObservedStore implements ShortenerStore {
  constructor(
    private readonly inner: ShortenerStore,
    private readonly hub: LinkChangeHub,
  ) {}

  async createLink(draft: LinkDraft): Promise<CreateOutcome> {
    const outcome = await this.inner.createLink(draft);
    if (outcome.kind === "created") {
      await this.hub.notify({ kind: "created", link: outcome.link, accountId: outcome.link.accountId });
    }
    return outcome;
  }

  async updateLink(
    accountId: string,
    id: string,
    edit: LinkEdit,
    expectedVersion: number | null,
  ): Promise<UpdateOutcome> {
    const outcome = await this.inner.updateLink(accountId, id, edit, expectedVersion);
    if (outcome.kind === "updated") {
      await this.hub.notify({
        kind: "updated",
        link: outcome.link,
        accountId: outcome.link.accountId,
        keyed: edit.idempotencyKey != null,
      });
    }
    return outcome;
  }

  async addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void> {
    await this.inner.addClicks(batch);
    await this.hub.notify({ kind: "clicked", clicks: batch });
  }

  ownedLink(accountId: string, id: string): Promise<LinkRecord | null> {
    return this.inner.ownedLink(accountId, id);
  }

  linkById(id: string): Promise<LinkRecord | null> {
    return this.inner.linkById(id);
  }

  linkBySlug(slug: string): Promise<LinkRecord | null> {
    return this.inner.linkBySlug(slug);
  }

  linkByExternalId(accountId: string, externalId: string): Promise<LinkRecord | null> {
    return this.inner.linkByExternalId(accountId, externalId);
  }

  linkUpdatedWithKey(accountId: string, idempotencyKey: string): Promise<LinkRecord | null> {
    return this.inner.linkUpdatedWithKey(accountId, idempotencyKey);
  }

  linkByRequestKey(accountId: string, requestKey: string): Promise<LinkRecord | null> {
    return this.inner.linkByRequestKey(accountId, requestKey);
  }

  changesSince(accountId: string, afterSeq: number, limit: number): Promise<ChangePage> {
    return this.inner.changesSince(accountId, afterSeq, limit);
  }

  clickTotals(accountId: string, ids: readonly string[]): Promise<Map<string, ClickTally>> {
    return this.inner.clickTotals(accountId, ids);
  }

  utmTemplates(accountId: string): Promise<readonly UtmTemplateRecord[]> {
    return this.inner.utmTemplates(accountId);
  }

  saveUtmTemplate(
    accountId: string,
    template: UtmTemplateRecord,
  ): Promise<{ template: UtmTemplateRecord; created: boolean }> {
    return this.inner.saveUtmTemplate(accountId, template);
  }

  deleteUtmTemplate(accountId: string, id: string): Promise<boolean> {
    return this.inner.deleteUtmTemplate(accountId, id);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
