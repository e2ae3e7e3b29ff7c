import type { ChangeSource } from "../providers/link-provider";
import { checkDestination, sameDestination } from "../validation/destination";
import type { RowProblem } from "../validation/row-problem";
import { conflictId } from "./conflict-id";

export interface DestinationSides {
  /** Notion's Destination now (already validated). */
  readonly notion: string;
  /** The link's destination now. */
  readonly link: string;
  /** Destination at the last sync (Synced Destination, else the local snapshot); `null` when unknown. */
  readonly base: string | null;
  /** Who last changed the link's destination. */
  readonly linkSource: ChangeSource;
}

export type DestinationDecision =
  /** Both sides still hold the base. */
  | { readonly kind: "unchanged" }
  /** Both sides agree but the base is stale (both changed to the same value, or the base was unknown): record it. */
  | { readonly kind: "settle"; readonly value: string }
  /** Notion changed: update the link. */
  | { readonly kind: "push"; readonly value: string }
  /** Changed outside Notion while Notion did not change: update Notion. */
  | { readonly kind: "pull"; readonly value: string; readonly source: ChangeSource }
  /** Both changed to different values: Notion wins, the link is reset to `kept`. */
  | {
      readonly kind: "conflict";
      readonly kept: string;
      readonly dropped: string;
      readonly droppedSource: ChangeSource;
    };

/**
 * The three-way Destination rule of the contract. A link value written by Linksync itself only ever mirrors a
 * Notion value, so it never counts as an edit made outside Notion (e.g. a push whose base was not recorded).
 */
export function decideDestination({ notion, link, base, linkSource }: DestinationSides): DestinationDecision {
  if (sameDestination(notion, link)) {
    return base !== null && sameDestination(base, notion)
      ? { kind: "unchanged" }
      : { kind: "settle", value: notion };
  }
  const notionChanged = base === null || !sameDestination(notion, base);
  const linkChanged = linkSource !== "linksync" && base !== null && !sameDestination(link, base);
  if (notionChanged && linkChanged) {
    return { kind: "conflict", kept: notion, dropped: link, droppedSource: linkSource };
  }
  if (linkChanged) return { kind: "pull", value: link, source: linkSource };
  return { kind: "push", value: notion };
}

export interface UpdateDestinationInput {
  readonly pageId: string;
  /** Notion's Destination now (`null` when empty). */
  readonly notion: string | null;
  /** The link's destination now. */
  readonly link: string;
  /** Destination at the last sync; `null` when unknown. */
  readonly base: string | null;
  /** The URL asked for by Zapier, the desktop app, etc. */
  readonly requested: string;
  readonly source: ChangeSource;
}

export type UpdateDestinationDecision =
  | { readonly kind: "invalid"; readonly problem: RowProblem }
  /** Write `value` wherever the flags say; it becomes the new base. */
  | {
      readonly kind: "applied";
      readonly value: string;
      readonly writeLink: boolean;
      readonly writeNotion: boolean;
    }
  /** Notion changed since the last sync: Notion wins; the link is reset to `kept` when `resetLink`. */
  | {
      readonly kind: "conflict";
      readonly conflictId: string;
      readonly kept: string;
      readonly dropped: string;
      readonly droppedSource: ChangeSource;
      readonly resetLink: boolean;
    };

/**
 * The rule for a Destination write made outside Notion (Zapier's "Update Destination", the desktop app), decided at
 * once instead of at the next cycle: it applies when Notion still holds the last synced value, and loses to Notion
 * otherwise, exactly as the cycle would decide.
 */
export function decideUpdateDestination(input: UpdateDestinationInput): UpdateDestinationDecision {
  const check = checkDestination(input.requested);
  if (!check.ok) return { kind: "invalid", problem: check.problem };
  const requested = check.url;
  const { notion, link } = input;
  const applied = (): UpdateDestinationDecision => ({
    kind: "applied",
    value: requested,
    writeLink: !sameDestination(link, requested),
    writeNotion: !sameDestination(notion, requested),
  });
  if (notion === null || sameDestination(notion, requested)) return applied();
  const base = input.base ?? (sameDestination(notion, link) ? notion : null);
  if (base !== null && sameDestination(notion, base)) return applied();
  return {
    kind: "conflict",
    conflictId: conflictId({ pageId: input.pageId, base: input.base, kept: notion, dropped: requested }),
    kept: notion,
    dropped: requested,
    droppedSource: input.source,
    resetLink: !sameDestination(link, notion),
  };
}
