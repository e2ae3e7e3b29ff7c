import { LinksyncError } from "@linksync/link-contract";
/**
 * The port every short-link service plugs into. Designed from what Dub, Bitly, Short.io, Rebrandly and Kutt offer:
 * all can create with a destination and optional slug and tags; most support an external id / idempotency key
 * (Dub `externalId`, Short.io `cloaking`-free `originalURL` lookups, ours natively); click counts come in bulk from
 * some and per link from others; only some keep a change feed or versions. Optional abilities are declared in
 * `capabilities` so the engine can fall back (e.g. poll each link when there is no change feed) instead of guessing.
 */

import type { ConflictEvent, LinksyncEvents } from "../events/events";

/** Who made a change on the provider side, so a conflict can say where the dropped write came from. */
export type ChangeSource = "linksync" | "zapier" | "desktop" | "shortener-api" | "shortener-ui" | "unknown";

export interface Link {
  /** The provider's own id for the link; stable for its lifetime. */
  readonly id: string;
  /** The public short URL, e.g. `https://go.acme.com/x7Kp2`. */
  readonly shortUrl: string;
  readonly slug: string;
  readonly destination: string;
  readonly tags: readonly string[];
  /** The idempotency key the link was created with (Linksync uses `notion-page:<page id>`). */
  readonly externalId: string | null;
  /**
   * Opaque version token that changes on every edit; used for compare-and-set updates where
   * `capabilities.conditionalUpdate` is true.
   */
  readonly version: string;
  /** ISO-8601 UTC time of the last edit. */
  readonly updatedAt: string;
  /** Who made the last edit of `destination`, when the provider records it. */
  readonly updatedBy: ChangeSource;
}

export interface CreateLinkInput {
  readonly destination: string;
  /** The same key always yields the same link: a retry, a crash-and-replay or a second agent never mints twice. */
  readonly idempotencyKey: string;
  /**
   * The caller's key for the request that asks for the link (a Zap's Create Short Link), kept by providers that have
   * `findByRequestKey`: a create with a key that already has a link answers that link, whatever its idempotency key.
   */
  readonly requestKey?: string;
  readonly slug?: string;
  readonly tags?: readonly string[];
  readonly title?: string;
  readonly source?: ChangeSource;
}

export interface LinkPatch {
  readonly destination?: string;
  readonly tags?: readonly string[];
}

export interface UpdateOptions {
  /** Who is writing; recorded by providers that keep `updatedBy`. */
  readonly source?: ChangeSource;
  /** Compare-and-set: fail with `version_conflict` when the link's version is no longer this one. */
  readonly ifVersion?: string;
  /**
   * Where `capabilities.idempotentUpdate` is true: the same update sent again with the same key answers the link as
   * the first one left it when that one landed, even after the link moved on, and runs as new otherwise. A caller
   * killed with its compare-and-set on the wire learns this way whether its write was the one that landed.
   */
  readonly idempotencyKey?: string;
}

export interface LinkChangesPage {
  readonly links: readonly Link[];
  /** Pass back to get only later changes. Persist it with the rest of the sync state. */
  readonly cursor: string;
}

export interface ProviderCapabilities {
  readonly tags: boolean;
  readonly customSlugs: boolean;
  /** `update` honours `ifVersion`. */
  readonly conditionalUpdate: boolean;
  /** `update` honours `idempotencyKey` (and `ifVersion`). */
  readonly idempotentUpdate: boolean;
  /** `changesSince` is efficient (server-side filter) rather than a full listing. */
  readonly changeFeed: boolean;
  /** `clicks` answers for many ids in one request. */
  readonly bulkClicks: boolean;
  /** `publishEvent` reports events to the provider, which delivers them to its webhook subscribers (Zapier). */
  readonly publishEvents: boolean;
}

/**
 * An event reported to the provider. `databaseId` is the Notion data source id: the one id every client of the
 * provider (a Zap holding only credentials) knows, whatever id the reporting agent uses for the database.
 */
export type ProviderEvent =
  | { readonly type: "conflict"; readonly data: ConflictEvent }
  | { readonly type: "sync.paused"; readonly data: LinksyncEvents["sync.paused"] };

export interface LinkProvider {
  /** A stable identifier, e.g. `linksync-shortener`, `dub`. */
  readonly kind: string;
  readonly capabilities: ProviderCapabilities;
  create(input: CreateLinkInput): Promise<Link>;
  update(id: string, patch: LinkPatch, options?: UpdateOptions): Promise<Link>;
  /** `null` when the link does not exist (deleted or never created). */
  get(id: string): Promise<Link | null>;
  findByIdempotencyKey(key: string): Promise<Link | null>;
  /**
   * The link created with this `requestKey`, where the provider keeps request keys. Consistent (unlike Notion's
   * query index), so a retried request finds its link, and through its idempotency key its row, at once.
   */
  findByRequestKey?(key: string): Promise<Link | null>;
  /** Links whose destination or tags changed after `cursor` (all links when `cursor` is null), oldest change first. */
  changesSince(cursor: string | null): Promise<LinkChangesPage>;
  /** Total click counts by link id; ids the provider does not know are absent from the map. */
  clicks(ids: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /**
   * Hands an event to the provider's own webhooks, where `capabilities.publishEvents` is true. The same event
   * reported twice (two agents, a retry) is delivered once. Call it through `publishEventBestEffort`.
   */
  publishEvent?(event: ProviderEvent): Promise<void>;
}

export type ProviderErrorCode =
  | "invalid_destination"
  | "invalid_input"
  | "slug_taken"
  | "not_found"
  | "version_conflict"
  | "unauthorized"
  | "rate_limited"
  | "unavailable"
  | "malformed_response";

/** Every failure a provider adapter reports. `message` is a sentence a user can act on and never holds a secret. */
export class ProviderError extends LinksyncError<ProviderErrorCode> {
  override readonly name = "ProviderError";
  constructor(
    code: ProviderErrorCode,
    message: string,
    readonly details: { readonly status?: number; readonly retryAfterMs?: number } = {},
  ) {
    super(code, message);
  }

  /** Worth retrying later without changing the request (network down, 5xx, rate limited). */
  get transient(): boolean {
    return this.code === "unavailable" || this.code === "rate_limited";
  }
}
