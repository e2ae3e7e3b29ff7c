import { randomBytes } from "node:crypto";
import type { ClickCounter } from "../clicks/click-counter";
import { ShortenerError } from "../errors/shortener-error";
import type { ClickTally, LinkRecord, ShortenerStore } from "../store/store";
import { checkDestination } from "./destination";
import type { CreateLinkRequest, LinkPatchRequest } from "./link-input";
import { type LinkView, toLinkView } from "./link-view";
import { customSlugProblem, RANDOM_SLUG_LENGTH, randomSlug } from "./slug";

export interface LinkServiceDeps {
  readonly store: ShortenerStore;
  readonly clicks: ClickCounter;
  readonly brandedBaseUrl: string;
  readonly now: () => number;
}

export interface ChangeFeedPage {
  readonly links: readonly LinkView[];
  /** The change sequence of the last link returned (or the one asked for when there is none). */
  readonly cursor: string;
  readonly hasMore: boolean;
}

/** Random slugs collide rarely; after a few collisions in a row the slug grows by one character. */
const RANDOM_SLUG_ATTEMPTS = 5;

/** The link rules: destination and slug checks, idempotent creation, compare-and-set edits, the change feed. */
export class LinkService {
  constructor(private readonly deps: LinkServiceDeps) {}

  async create(
    accountId: string,
    request: CreateLinkRequest,
    source: string,
  ): Promise<{ link: LinkView; created: boolean }> {
    const existing =
      (request.externalId !== null &&
        (await this.deps.store.linkByExternalId(accountId, request.externalId))) ||
      (request.requestKey !== null &&
        (await this.deps.store.linkByRequestKey(accountId, request.requestKey)));
    if (existing) return { link: this.view(existing), created: false };
    assertDestination(request.destination);
    if (request.slug !== null) {
      const problem = customSlugProblem(request.slug);
      if (problem) throw new ShortenerError("invalid_input", problem);
    }
    const at = new Date(this.deps.now()).toISOString();
    const id = `lnk_${randomBytes(12).toString("base64url")}`;
    for (let attempt = 0; ; attempt++) {
      const slug =
        request.slug ?? randomSlug(RANDOM_SLUG_LENGTH + Math.floor(attempt / RANDOM_SLUG_ATTEMPTS));
      const outcome = await this.deps.store.createLink({
        id,
        accountId,
        slug,
        destination: request.destination,
        tags: request.tags,
        title: request.title,
        externalId: request.externalId,
        requestKey: request.requestKey,
        createdAt: at,
        updatedAt: at,
        updatedBy: source,
      });
      if (outcome.kind !== "slug_taken") {
        return { link: this.view(outcome.link), created: outcome.kind === "created" };
      }
      if (request.slug !== null) {
        throw new ShortenerError(
          "slug_taken",
          `Slug "${slug}" is already taken by another link; choose a different slug, or leave it out to get a random one.`,
        );
      }
    }
  }

  async get(accountId: string, id: string): Promise<LinkView> {
    return this.view(await this.existing(accountId, id));
  }

  async findByExternalId(accountId: string, externalId: string): Promise<LinkView | null> {
    const link = await this.deps.store.linkByExternalId(accountId, externalId);
    return link && this.view(link);
  }

  async findByRequestKey(accountId: string, requestKey: string): Promise<LinkView | null> {
    const link = await this.deps.store.linkByRequestKey(accountId, requestKey);
    return link && this.view(link);
  }

  /**
   * Changes destination and/or tags. `expectedVersion` (from If-Match) makes it compare-and-set. A patch that
   * changes nothing keeps the version, so echoing a value back never shows up as a change in the feed.
   * `updatedBy` moves only when the destination changes: it names who set the destination.
   * `idempotencyKey` (from Idempotency-Key): a repeat of an update that changed the link answers the link as that
   * update left it, even once the link moved on, so a caller that lost the answer learns its write landed.
   */
  async update(
    accountId: string,
    id: string,
    patch: LinkPatchRequest,
    source: string,
    expectedVersion: number | null,
    idempotencyKey: string | null = null,
  ): Promise<LinkView> {
    const earlier = idempotencyKey === null ? null : await this.updatedWithKey(accountId, id, idempotencyKey);
    if (earlier) return earlier;
    if (patch.destination !== undefined) assertDestination(patch.destination);
    const current = await this.existing(accountId, id);
    if (expectedVersion !== null && expectedVersion !== current.version)
      return this.repeatOrConflict(accountId, id, idempotencyKey, current);
    const destination = patch.destination ?? current.destination;
    const tags = patch.tags ?? current.tags;
    const destinationChanged = destination !== current.destination;
    if (!destinationChanged && sameTags(tags, current.tags)) return this.view(current);

    const outcome = await this.deps.store.updateLink(
      accountId,
      id,
      {
        destination,
        tags,
        updatedAt: new Date(this.deps.now()).toISOString(),
        updatedBy: destinationChanged ? source : current.updatedBy,
        idempotencyKey,
      },
      current.version,
    );
    switch (outcome.kind) {
      case "updated":
        return this.view(outcome.link);
      case "not_found":
        throw notFound(id);
      case "version_conflict":
        // Another edit landed between our read and our write; the caller's If-Match (or its intent) is stale.
        return this.repeatOrConflict(accountId, id, idempotencyKey, outcome.current);
    }
  }

  /** The link as the update with this key left it, when one did; a key used on another link is refused. */
  private async updatedWithKey(accountId: string, id: string, key: string): Promise<LinkView | null> {
    const earlier = await this.deps.store.linkUpdatedWithKey(accountId, key);
    if (earlier === null) return null;
    if (earlier.id !== id) {
      throw new ShortenerError(
        "invalid_input",
        "This Idempotency-Key was used for an update of another link; send a new key for a new request.",
      );
    }
    return this.view(earlier);
  }

  /**
   * A compare-and-set found the link moved. When a repeat of the caller's request (same key) ran at the same time
   * and won, the move is the caller's own update, answered as such; otherwise the version conflict.
   */
  private async repeatOrConflict(
    accountId: string,
    id: string,
    key: string | null,
    current: LinkRecord,
  ): Promise<LinkView> {
    const earlier = key === null ? null : await this.updatedWithKey(accountId, id, key);
    if (earlier) return earlier;
    throw versionConflict(current);
  }

  async changes(accountId: string, afterSeq: number, limit: number): Promise<ChangeFeedPage> {
    const page = await this.deps.store.changesSince(accountId, afterSeq, limit);
    const last = page.links.at(-1);
    return {
      links: page.links.map((link) => this.view(link)),
      cursor: String(last ? last.changeSeq : afterSeq),
      hasMore: page.hasMore,
    };
  }

  /** Totals including clicks not yet written to the store; unknown ids and other accounts' are absent. */
  async clickTotals(accountId: string, ids: readonly string[]): Promise<Record<string, ClickTally>> {
    return this.deps.clicks.whileSettled(async (unflushed) => {
      const stored = await this.deps.store.clickTotals(accountId, ids);
      const totals: Record<string, ClickTally> = {};
      for (const [id, tally] of stored) {
        const recent = unflushed(id);
        totals[id] = recent
          ? { count: tally.count + recent.count, lastClickAt: recent.lastClickAt }
          : { count: tally.count, lastClickAt: tally.lastClickAt };
      }
      return totals;
    });
  }

  /** Another account's link is not found, exactly like a missing one. */
  private async existing(accountId: string, id: string): Promise<LinkRecord> {
    const link = await this.deps.store.ownedLink(accountId, id);
    if (!link) throw notFound(id);
    return link;
  }

  private view(link: LinkRecord): LinkView {
    return toLinkView(link, this.deps.brandedBaseUrl);
  }
}

function assertDestination(destination: string): void {
  const check = checkDestination(destination);
  if (!check.ok) throw new ShortenerError("invalid_destination", check.reason);
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

function notFound(id: string): ShortenerError {
  return new ShortenerError("not_found", `No link has id "${id}". Check the id, or create the link first.`);
}

function versionConflict(current: LinkRecord): ShortenerError {
  return new ShortenerError(
    "version_conflict",
    `The link was changed meanwhile (it is now at version ${current.version}). Read it again and retry your change.`,
  );
}
