import { randomBytes, randomUUID } from "node:crypto";

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function newId(): string {
  return randomUUID();
}

/** Notion accepts ids with or without dashes; everything inside the sandbox uses the dashed form. */
export function normaliseId(raw: string): string | undefined {
  if (!UUID.test(raw)) return undefined;
  const hex = raw.replaceAll("-", "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const PROPERTY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:;<=>?@[]^_`{|}~";

/** Short property ids, URL-encoded like Notion's (e.g. `%3AQP%3A`). */
export function newPropertyId(): string {
  const bytes = randomBytes(4);
  let raw = "";
  for (const byte of bytes) raw += PROPERTY_ID_ALPHABET[byte % PROPERTY_ID_ALPHABET.length];
  return encodeURIComponent(raw);
}

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Internal integration tokens look like Notion's: `ntn_` and 46 alphanumerics. */
export function newIntegrationToken(): string {
  return `ntn_${randomAlphanumeric(46)}`;
}

/** Random letters and digits, for secrets and tokens. */
export function randomAlphanumeric(length: number): string {
  let body = "";
  for (const byte of randomBytes(length)) body += TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length];
  return body;
}
