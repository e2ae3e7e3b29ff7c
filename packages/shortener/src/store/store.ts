/**
 * The storage port of the shortener. Every method is a single atomic step so a SQL store can implement each one
 * as one statement or transaction (e.g. `INSERT … ON CONFLICT (external_id) DO NOTHING`, `UPDATE … WHERE version = $n`).
 * A method resolves only once its change is durable.
 */

export interface LinkRecord {
  readonly id: string;
  readonly slug: string;
  readonly destination: string;
  readonly tags: readonly string[];
  readonly title: string | null;
  readonly externalId: string | null;
  /** Starts at 1 and grows by one on every edit. */
  readonly version: number;
  /** Position in the change feed: a store-wide counter taken on every create and edit, so it never ties. */
  readonly changeSeq: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Who created the link or last changed its destination (`X-Linksync-Source`). */
  readonly updatedBy: string;
}

/** What the service decides before a create; the store assigns `version` and `changeSeq`. */
export type LinkDraft = Omit<LinkRecord, "version" | "changeSeq">;

export interface LinkEdit {
  readonly destination: string;
  readonly tags: readonly string[];
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export type CreateOutcome =
  | { readonly kind: "created"; readonly link: LinkRecord }
  /** A link with the draft's external id already exists; nothing was written. */
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
  createLink(draft: LinkDraft): Promise<CreateOutcome>;
  /** Applies `edit` unless the link is gone or, when `expectedVersion` is given, no longer at that version. */
  updateLink(id: string, edit: LinkEdit, expectedVersion: number | null): Promise<UpdateOutcome>;
  linkById(id: string): Promise<LinkRecord | null>;
  linkBySlug(slug: string): Promise<LinkRecord | null>;
  linkByExternalId(externalId: string): Promise<LinkRecord | null>;
  changesSince(afterSeq: number, limit: number): Promise<ChangePage>;
  /** Totals for the ids that name an existing link (zero when never clicked); other ids are absent. */
  clickTotals(ids: readonly string[]): Promise<Map<string, ClickTally>>;
  /** Adds counts to the stored totals, keeping the later of the two click times. */
  addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void>;
  utmTemplates(): Promise<readonly UtmTemplateRecord[]>;
  /** Inserts, or replaces the template of the same scope (`tag`); `created` says which. */
  saveUtmTemplate(
    template: UtmTemplateRecord,
  ): Promise<{ readonly template: UtmTemplateRecord; readonly created: boolean }>;
  deleteUtmTemplate(id: string): Promise<boolean>;
  close(): Promise<void>;
}
