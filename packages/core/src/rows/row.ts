import type { SyncState } from "../fields/field-map";
import type { RowProblem } from "../validation/row-problem";

/**
 * One Notion row as Linksync sees it, decoded from a page through the field map. Values are plain data so that the
 * rules (merge, conflict, planning) are pure functions over them.
 */
export interface Row {
  readonly pageId: string;
  /** `https://www.notion.so/...` page URL, for "Open in Notion". */
  readonly url: string;
  readonly title: string;
  /** Raw Destination as typed in Notion; validated separately (a bad value is reported on the row, not thrown). */
  readonly destination: string | null;
  readonly tags: readonly string[];
  readonly shortUrl: string | null;
  readonly clicks: number | null;
  /** File name of the QR attachment, `null` when the QR column is empty. */
  readonly qrFileName: string | null;
  readonly lastSynced: string | null;
  /** `null` when the Sync column is not mapped or empty; an unknown option is kept verbatim to be reported. */
  readonly sync: SyncState | { readonly unknown: string } | null;
  readonly linkId: string | null;
  readonly syncedDestination: string | null;
  readonly syncError: string | null;
  readonly conflictAt: string | null;
  readonly inTrash: boolean;
  /** Notion's `last_edited_time` (minute-rounded, eventually consistent: a hint, never the sole evidence of change). */
  readonly lastEditedTime: string;
  /**
   * Values that could not be read (a mapped column missing from the page, a value of an unexpected shape). Their
   * fields above hold an empty value; a row with problems is reported, never synced from the empty value.
   */
  readonly problems: readonly RowProblem[];
}

/** What Linksync remembers of a row as of its last successful sync: the base of every three-way decision. */
export interface RowSnapshot {
  readonly pageId: string;
  readonly linkId: string;
  readonly destination: string;
  readonly tags: readonly string[];
  readonly shortUrl: string;
  readonly clicks: number;
  readonly qrForShortUrl: string | null;
  readonly syncedAt: string;
  /**
   * Set when Notion refused a write because the row is in its trash: Linksync writes nothing more to it (its link
   * stays live) until the row comes back, which brings it into a cycle and replaces this snapshot.
   */
  readonly inTrash?: true;
}
