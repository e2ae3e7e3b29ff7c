import { type ErrorSubject, LinksyncError } from "@linksync/link-contract";
export type OperationErrorCode =
  /** The URL given is not one a short link may point to. */
  | "invalid_destination"
  /** A value given (slug, tags, title…) cannot be written. */
  | "invalid_input"
  /** The database is not set up for Linksync (a column missing or of the wrong type). */
  | "database_not_mapped"
  /** The row does not exist or is not shared with the integration. */
  | "row_not_found"
  /** The row has no short link yet. */
  | "row_not_linked"
  /** The link does not exist at the provider, or was not minted by Linksync for a Notion row. */
  | "link_not_found";

/**
 * A request an operation refuses as asked. The message says what to fix; the Notion and provider failures
 * underneath keep their own types (`NotionError`, `ProviderError`).
 */
export class OperationError extends LinksyncError<OperationErrorCode> {
  override readonly name = "OperationError";

  constructor(
    code: OperationErrorCode,
    message: string,
    readonly details: ErrorSubject = {},
  ) {
    super(code, message, details);
  }
}
