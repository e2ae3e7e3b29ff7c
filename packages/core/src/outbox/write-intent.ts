import type { ChangeSource } from "../providers/link-provider";

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** What every intent must carry for the outbox: a kind to dispatch on and the key that makes its replay idempotent. */
export interface OutboxIntent {
  readonly kind: string;
  /** The same key always means the same remote effect: replaying the intent must not repeat it. */
  readonly idempotencyKey: string;
}

interface RowIntent extends OutboxIntent {
  readonly connectionId: string;
  readonly dataSourceId: string;
  readonly pageId: string;
}

/**
 * The remote writes the engine makes, recorded before they are made. Values are absolute (the Destination to set,
 * the full tag set), never deltas, so a replay after a crash converges on the same result however often it runs.
 */
export type WriteIntent =
  /** Mint the row's link; the provider returns the existing link for a key it has seen (`notion-page:<page id>`). */
  | (RowIntent & {
      readonly kind: "link.create";
      readonly destination: string;
      readonly tags: readonly string[];
      readonly title: string;
    })
  | (RowIntent & {
      readonly kind: "link.update";
      readonly linkId: string;
      readonly destination?: string;
      readonly tags?: readonly string[];
      readonly source: ChangeSource;
    })
  /** Set page properties to these values, keyed by column name, in Notion's property value shape. */
  | (RowIntent & {
      readonly kind: "page.update";
      readonly properties: { readonly [column: string]: JsonValue };
    })
  /**
   * Post a comment unless one containing `marker` (e.g. the conflict id) is already on the page: comments have no
   * idempotency key in Notion, so the replay reads the page's comments first.
   */
  | (RowIntent & {
      readonly kind: "comment.create";
      readonly text: string;
      readonly marker: string;
      /** ISO-8601 UTC: when the conflict was found, as the comment states it (absent in entries of older versions). */
      readonly at?: string;
      /**
       * The link's reset that makes the conflict this agent's (a provider with `idempotentUpdate`; absent otherwise
       * and in entries of older versions), sent under a key made of this entry's id (`resetKey`). A replay sends it
       * again: the link as the reset left it means the reset was this agent's; `version_conflict`, another write won.
       */
      readonly reset?: ConflictReset;
    })
  /** Upload the QR PNG of `shortUrl` and attach it to the QR column as `fileName`. */
  | (RowIntent & { readonly kind: "qr.upload"; readonly shortUrl: string; readonly fileName: string })
  /** A Destination written from outside Notion (Zapier, desktop) while offline; rules are applied on replay. */
  | (RowIntent & {
      readonly kind: "destination.update";
      readonly linkId: string;
      readonly url: string;
      readonly source: ChangeSource;
      readonly requestedAt: string;
    });

export type WriteIntentKind = WriteIntent["kind"];

/** A conflict's compare-and-set of the link back to Notion's value, as sent (see `comment.create`'s `reset`). */
export interface ConflictReset {
  readonly linkId: string;
  readonly ifVersion: string;
  readonly destination?: string;
  readonly tags?: readonly string[];
}
