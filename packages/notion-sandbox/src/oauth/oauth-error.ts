/**
 * An error of the OAuth endpoints. Notion answers `/v1/oauth/*` failures in the OAuth 2.0 shape
 * (RFC 6749 §5.2: `{ error, error_description }`), not in its API error shape.
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unsupported_grant_type"
  | "access_denied";

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  access_denied: 403,
};

export class OAuthError extends Error {
  readonly status: number;
  constructor(
    readonly error: OAuthErrorCode,
    description: string,
  ) {
    super(description);
    this.name = "OAuthError";
    this.status = STATUS[error];
  }

  toBody(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}
