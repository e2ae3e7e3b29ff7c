import { hkdfSync } from "node:crypto";

/** What the derived key is for: a key derived for another purpose from the same secret is another key. */
const PURPOSE = "linksync sync-server: connection secrets v1";

/**
 * The key that seals the sync engine's secrets (Notion tokens, provider keys) in the database, derived with HKDF-SHA256
 * from the server's secret (`LINKSYNC_SHORTENER_SECRETS_KEY`, 32 random bytes as base64 or hex). Deriving, rather than
 * reusing the secret as it is, keeps the link service's sealed values and these apart: one can be rotated, or leak,
 * without the other opening.
 */
export function deriveSyncSecretsKey(serverSecret: string): Buffer {
  const trimmed = serverSecret.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (bytes.length !== 32) {
    throw new Error(
      "The server's secrets key must be 32 random bytes written as 64 hex digits or base64, e.g. from `openssl rand -base64 32`.",
    );
  }
  return Buffer.from(hkdfSync("sha256", bytes, Buffer.alloc(0), PURPOSE, 32));
}
