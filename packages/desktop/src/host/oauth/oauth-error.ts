import { LinksyncError } from "@linksync/core";

export type OAuthErrorCode =
  | "access_denied"
  | "state_mismatch"
  | "timeout"
  | "authorization_failed"
  | "missing_code"
  | "port_in_use";

/** Why connecting through the browser did not finish, with a sentence that says what to do next. */
export class OAuthError extends LinksyncError<OAuthErrorCode> {
  override readonly name = "OAuthError";
}
