import { createHmac } from "node:crypto";

/** `X-Notion-Signature`: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed by the verification token. */
export function notionSignature(rawBody: string, verificationToken: string): string {
  return `sha256=${createHmac("sha256", verificationToken).update(rawBody).digest("hex")}`;
}
