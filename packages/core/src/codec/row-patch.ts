/**
 * The QR image: a file uploaded with Notion's File Upload API, attached by its upload id, or an external file (the
 * link provider's own QR image URL), attached by URL at no extra request.
 */
export type QrAttachment =
  | { readonly fileUploadId: string; readonly fileName: string }
  | { readonly externalUrl: string; readonly fileName: string };

/**
 * The values Linksync may write to a row, by role. One `RowPatch` is one page update: every column of one write
 * goes in it, so a row is never half-written. Absent keys are left untouched.
 */
export interface RowPatch {
  /** Only when pulling a Destination edited outside Notion. */
  readonly destination?: string;
  readonly tags?: readonly string[];
  readonly shortUrl?: string;
  readonly clicks?: number;
  /** `null` empties the QR column. */
  readonly qr?: QrAttachment | null;
  /** ISO-8601 UTC. */
  readonly lastSynced?: string;
  readonly linkId?: string;
  readonly syncedDestination?: string;
  /** `null` clears the error once the row is fine again. */
  readonly syncError?: string | null;
  /** ISO-8601 UTC. */
  readonly conflictAt?: string;
}

export type RowPatchRole = keyof RowPatch;
