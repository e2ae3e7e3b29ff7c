import { LinksyncError } from "@linksync/link-contract";
export type CodecErrorCode = "unmapped_column" | "invalid_value";

/** A write that would be refused by Notion or land in the wrong place: a bug in the caller, never sent. */
export class CodecError extends LinksyncError<CodecErrorCode> {
  override readonly name = "CodecError";
}
