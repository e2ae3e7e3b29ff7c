import { LinksyncError } from "@linksync/link-contract";

/** Every refusal the service answers with: the HTTP status and the code clients branch on, declared once. */
export const ERROR_STATUS = {
  invalid_destination: 400,
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  slug_taken: 409,
  version_conflict: 412,
  payload_too_large: 413,
  internal: 500,
  unavailable: 503,
} as const;

export type ShortenerErrorCode = keyof typeof ERROR_STATUS;

/** A refusal with a code and a sentence saying what to do; sent as `{ error: { code, message } }`. */
export class ShortenerError extends LinksyncError<ShortenerErrorCode> {
  override readonly name = "ShortenerError";

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
