import type { RowPatch } from "../codec/row-patch";
import type { ChangeSource, CreateLinkInput, LinkPatch } from "../providers/link-provider";
import type { RowSnapshot } from "../rows/row";
import type { RowProblem } from "../validation/row-problem";

/** Why a row gets no write at all. */
export type SkipReason =
  | "trashed"
  | "draft"
  | "paused"
  | "sync_empty"
  | "no_destination"
  | "foreign_short_url"
  | "has_short_url"
  | "unchanged";

/** A QR to render for `shortUrl`, upload, and attach as `fileName` in the same page update as `patch`. */
export interface QrUpload {
  readonly shortUrl: string;
  readonly fileName: string;
}

/** One page update. `patch` has no QR: the engine uploads `qr` first and adds its file upload id to the patch. */
export interface RowWrite {
  readonly patch: Omit<RowPatch, "qr">;
  readonly qr: QrUpload | null;
}

export type ChangeField =
  | "destination"
  | "tags"
  | "shortUrl"
  | "clicks"
  | "qr"
  | "linkId"
  | "syncedDestination"
  | "syncError"
  | "lastSynced"
  | "conflictAt";

export type ChangeReason =
  /** Destination edited in Notion, pushed to the link. */
  | "notion_edit"
  /** Destination edited outside Notion, pulled into Notion. */
  | "outside_edit"
  /** Both sides edited Destination: the link is reset to Notion's value. */
  | "conflict"
  | "tags_merge"
  /** A Linksync column was empty. */
  | "filled"
  /** A Linksync column was edited by someone else: put back. */
  | "reverted"
  | "clicks_refreshed"
  | "error_reported"
  | "error_cleared"
  /** Linksync's own bookkeeping (Synced Destination, Last Synced, Conflict At). */
  | "bookkeeping";

/** One value a plan changes, for the audit log (row, column, old → new, why). */
export interface PlannedChange {
  readonly target: "notion" | "link";
  readonly field: ChangeField;
  readonly from: string | null;
  readonly to: string | null;
  readonly reason: ChangeReason;
}

export interface PlannedConflict {
  readonly conflictId: string;
  readonly base: string | null;
  readonly kept: string;
  readonly dropped: string;
  readonly droppedSource: ChangeSource;
  /** ISO-8601 UTC. */
  readonly at: string;
  /** The row comment to post unless one with this conflict's ref is already there. */
  readonly comment: string;
}

/** A conflict always resets the link and stamps the row; other syncs write at least one side. */
type SyncWrites =
  | { readonly link: LinkPatch; readonly row: RowWrite; readonly conflict: PlannedConflict }
  | { readonly link: LinkPatch; readonly row: RowWrite | null; readonly conflict: null }
  | { readonly link: null; readonly row: RowWrite; readonly conflict: null };

export type SyncPlan = {
  readonly kind: "sync";
  readonly pageId: string;
  readonly linkId: string;
  readonly changes: readonly PlannedChange[];
  /** Reported on the row (in Sync Error) while the rest syncs, e.g. a link tag Notion refuses. */
  readonly warnings: readonly RowProblem[];
  /** To store once every write above has succeeded. */
  readonly snapshot: RowSnapshot;
} & SyncWrites;

export type RowPlan =
  /** No write anywhere, local state included. */
  | { readonly kind: "skip"; readonly pageId: string; readonly reason: SkipReason }
  /** Not synced; `write` puts the reason in Sync Error, `null` when it is already there. */
  | {
      readonly kind: "invalid";
      readonly pageId: string;
      readonly problem: RowProblem;
      readonly write: RowWrite | null;
    }
  /** Create the row's link; then plan the row again with it to write Short URL and the rest in one update. */
  | { readonly kind: "mint"; readonly pageId: string; readonly create: CreateLinkInput }
  /** Nothing to write remotely; only the local snapshot is out of date (e.g. another agent synced the row). */
  | { readonly kind: "settle"; readonly pageId: string; readonly snapshot: RowSnapshot }
  | SyncPlan;

export type BackfillPlan = Extract<RowPlan, { kind: "skip" | "invalid" | "mint" }>;
