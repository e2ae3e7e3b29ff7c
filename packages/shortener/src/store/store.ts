/**
 * The storage port of the shortener. Every method is a single atomic step (one statement or one transaction in
 * `SqlStore`) and resolves only once its change is durable. Every method an API request reaches takes the
 * caller's account and sees nothing of other accounts; the two that do not (`linkBySlug` for redirects,
 * `linkById` for background work) return the owner in `accountId`.
 */

export interface LinkRecord {
  readonly id: string;
  /** The account that owns the link: the one whose API key created it. */
  readonly accountId: string;
  readonly slug: string;
  readonly destination: string;
  readonly tags: readonly string[];
  readonly title: string | null;
  readonly externalId: string | null;
  /** Starts at 1 and grows by one on every edit. */
  readonly version: number;
  /**
   * Position in the account's change feed, taken on every create and edit; within one account it grows in commit
   * order, so a reader that saw position n never later finds a new change below n.
   */
  readonly changeSeq: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Who created the link or last changed its destination (`X-Linksync-Source`). */
  readonly updatedBy: string;
}

/**
 * What the service decides before a create; the store assigns `version` and `changeSeq`. `requestKey`: the
 * caller's key for the request that asked for the link, unique per account like `externalId`, and only looked up
 * (`linkByRequestKey`), never shown.
 */
export type LinkDraft = Omit<LinkRecord, "version" | "changeSeq"> & { readonly requestKey?: string | null };

export interface LinkEdit {
  readonly destination: string;
  readonly tags: readonly string[];
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** The request's Idempotency-Key: stored with the updated link in the same statement (`linkUpdatedWithKey`). */
  readonly idempotencyKey?: string | null;
}

export type CreateOutcome =
  | { readonly kind: "created"; readonly link: LinkRecord }
  /** A link with the draft's external id (else its request key) already exists; nothing was written. */
  | { readonly kind: "existing"; readonly link: LinkRecord }
  | { readonly kind: "slug_taken" };

export type UpdateOutcome =
  | { readonly kind: "updated"; readonly link: LinkRecord }
  | { readonly kind: "not_found" }
  | { readonly kind: "version_conflict"; readonly current: LinkRecord };

export interface ChangePage {
  /** Links whose `changeSeq` is above the requested one, lowest first. */
  readonly links: readonly LinkRecord[];
  readonly hasMore: boolean;
}

export interface ClickTally {
  readonly count: number;
  /** ISO-8601 UTC time of the latest click, null when there was none. */
  readonly lastClickAt: string | null;
}

export interface UtmTemplateRecord {
  readonly id: string;
  /** The tag the template applies to; null for every link. */
  readonly tag: string | null;
  readonly template: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ShortenerStore {
  /** Creates the draft's link for `draft.accountId`; an external id and a request key are unique per account. */
  createLink(draft: LinkDraft): Promise<CreateOutcome>;
  /** Applies `edit` unless the link is gone, another account's, or (with `expectedVersion`) at another version. */
  updateLink(
    accountId: string,
    id: string,
    edit: LinkEdit,
    expectedVersion: number | null,
  ): Promise<UpdateOutcome>;
  /** The account's link; another account's answers null like a missing one. */
  ownedLink(accountId: string, id: string): Promise<LinkRecord | null>;
  /** Any account's link, for work that is no account's request (webhooks, Link Previews). */
  linkById(id: string): Promise<LinkRecord | null>;
  /** The redirect path: slugs are unique across accounts. */
  linkBySlug(slug: string): Promise<LinkRecord | null>;
  linkByExternalId(accountId: string, externalId: string): Promise<LinkRecord | null>;
  /** The link as the account's update with this Idempotency-Key left it; null when no update had that key. */
  linkUpdatedWithKey(accountId: string, idempotencyKey: string): Promise<LinkRecord | null>;
  linkByRequestKey(accountId: string, requestKey: string): Promise<LinkRecord | null>;
  changesSince(accountId: string, afterSeq: number, limit: number): Promise<ChangePage>;
  /** Totals for the ids that name a link of the account (zero when never clicked); other ids are absent. */
  clickTotals(accountId: string, ids: readonly string[]): Promise<Map<string, ClickTally>>;
  /** Adds counts to the stored totals (`count = count + n`), keeping the later of the two click times. */
  addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void>;
  utmTemplates(accountId: string): Promise<readonly UtmTemplateRecord[]>;
  /** Inserts, or replaces the account's template of the same scope (`tag`); `created` says which. */
  saveUtmTemplate(
    accountId: string,
    template: UtmTemplateRecord,
  ): Promise<{ readonly template: UtmTemplateRecord; readonly created: boolean }>;
  deleteUtmTemplate(accountId: string, id: string): Promise<boolean>;
  close(): Promise<void>;
}
