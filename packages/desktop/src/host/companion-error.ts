import { LinksyncError } from "@linksync/core";

/** A refusal by the companion itself, with a code and a sentence that says what to do. */
export class CompanionError extends LinksyncError {
  override readonly name = "CompanionError";
}
