import { validationError } from "../errors/api-error";

/** Notion's answer to an edit of a page or block in the trash (until it is restored with `in_trash: false`). */
export function archivedError() {
  return validationError("Can't edit block that is archived. You must unarchive the block before editing.");
}
