import { OAuthError } from "./oauth-error";

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Reads `Authorization: Basic base64(client_id:client_secret)`, the only client authentication Notion accepts. */
export function basicCredentials(header: string | undefined): ClientCredentials {
  const encoded = header?.startsWith("Basic ") ? header.slice("Basic ".length).trim() : undefined;
  if (!encoded) {
    throw new OAuthError(
      "invalid_client",
      "Client authentication is missing: send Authorization: Basic base64(client_id:client_secret).",
    );
  }
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) {
    throw new OAuthError("invalid_client", "The Basic credentials must be client_id:client_secret.");
  }
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}
