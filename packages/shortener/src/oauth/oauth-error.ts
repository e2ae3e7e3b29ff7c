import { json, type PublicReply } from "../public-http/public-endpoints";

/** An RFC 6749 error: `error` is the standard code clients branch on, `description` says what to do. */
export class OAuthError extends Error {
  override readonly name = "OAuthError";
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }

  get body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

/** Runs an endpoint called by a program (the app, Notion) and answers its refusals as RFC 6749 JSON errors. */
export async function answeringOAuthErrors(handle: () => Promise<PublicReply>): Promise<PublicReply> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof OAuthError) return json(error.status, error.body);
    throw error;
  }
}
