/**
 * Keeps secrets out of logs, error messages, events and files. Two layers: `redactSecrets` removes the exact values
 * Linksync holds (tokens from the vault), `scrubSecrets` removes anything shaped like a credential even when Linksync
 * never saw it (a token pasted into a row, a header echoed back by a proxy).
 */

export const REDACTED = "[REDACTED]";

/** Known values shorter than this are not redacted: replacing "ab" everywhere would destroy text and protect nothing. */
const MIN_SECRET_LENGTH = 6;

const SECRET_PATTERNS: readonly { readonly pattern: RegExp; readonly replacement: string }[] = [
  // Notion internal integration and OAuth tokens (current `ntn_` and legacy `secret_` prefixes).
  { pattern: /\bntn_[A-Za-z0-9]{16,}/g, replacement: REDACTED },
  { pattern: /\bsecret_[A-Za-z0-9]{16,}/g, replacement: REDACTED },
  // HTTP credentials in headers, whichever scheme.
  { pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, replacement: `$1 ${REDACTED}` },
  {
    pattern: /\b(authorization|x-api-key|api-key)(["']?\s*[:=]\s*["']?)[^\s"',}]{6,}/gi,
    replacement: `$1$2${REDACTED}`,
  },
  // Credentials passed in a query string.
  {
    pattern: /([?&](?:api_key|apikey|key|token|access_token|client_secret)=)[^&#\s"']+/gi,
    replacement: `$1${REDACTED}`,
  },
];

/** Replaces every occurrence of each known secret with `[REDACTED]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  // Longest first, so a secret that contains another is removed whole.
  const known = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of known) result = result.split(secret).join(REDACTED);
  return result;
}

/** Replaces anything shaped like a Notion token, a bearer/basic credential or an API key parameter. */
export function scrubSecrets(text: string): string {
  let result = text;
  for (const { pattern, replacement } of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** True when `text` holds something shaped like a credential. */
export function looksLikeSecret(text: string): boolean {
  return scrubSecrets(text) !== text;
}

/** Both layers at once: what loggers and error formatters should call. */
export function sanitize(text: string, secrets: readonly string[] = []): string {
  return scrubSecrets(redactSecrets(text, secrets));
}

/**
 * A one-line, secret-free description of any thrown value, for logs and user-facing error text. Keeps the error's
 * `code` when it has one, because codes are what surfaces act on.
 */
export function safeErrorMessage(error: unknown, secrets: readonly string[] = []): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const text = code ? `${code}: ${message}` : message;
  return sanitize(text, secrets);
}

function errorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  const { code } = error;
  return typeof code === "string" ? code : null;
}
