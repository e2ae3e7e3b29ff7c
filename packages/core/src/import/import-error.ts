import { LinksyncError } from "@linksync/link-contract";
export type ImportErrorCode = "import_file_invalid";

/** An import refused as a whole before any row is written; the message says what to fix in the file. */
export class ImportError extends LinksyncError<ImportErrorCode> {
  override readonly name = "ImportError";
}
