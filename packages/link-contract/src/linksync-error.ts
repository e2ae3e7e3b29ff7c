/** What an error is about, when it is about one row, link or column. */
export interface ErrorSubject {
  readonly pageId?: string;
  readonly linkId?: string;
  readonly column?: string;
}

/**
 * The base of every Linksync error, engine and services alike: a stable `code` to branch on, a message that is a
 * sentence saying what to do (never a secret), and the row, link or column concerned when there is one. Surfaces
 * read these three and nothing else (`isLinksyncError`), instead of guessing at each class's fields.
 */
export abstract class LinksyncError<Code extends string = string> extends Error {
  abstract override readonly name: string;

  constructor(
    readonly code: Code,
    message: string,
    readonly subject: ErrorSubject = {},
  ) {
    super(message);
  }
}

export function isLinksyncError(value: unknown): value is LinksyncError {
  return value instanceof LinksyncError;
}
