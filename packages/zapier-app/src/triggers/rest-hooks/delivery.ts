import { LINKSYNC_SIGNATURE_HEADER, verifyLinksyncSignature } from "@linksync/core";
import type { Bundle, ZObject } from "zapier-platform-core";

/** A shortener webhook delivery: `{ id, type, createdAt, data }`, `id` the same across retries. */
export interface Delivery {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * The delivery that woke this Zap, or null when it is of another type. When Zapier hands over the raw request,
 * its `Linksync-Signature` is checked against the raw body with the subscription's secret (and a timestamp at most
 * five minutes old), so a forged or replayed POST to the Zap's URL never triggers it.
 */
export function readDelivery(z: ZObject, bundle: Bundle, type: string): Delivery | null {
  const raw = bundle.rawRequest;
  const secret = (bundle.subscribeData as { secret?: unknown } | undefined)?.secret;
  let body: unknown = bundle.cleanedRequest;
  if (typeof raw?.content === "string" && typeof secret === "string") {
    if (!verifyLinksyncSignature(raw.content, signatureOf(raw.headers ?? {}), secret)) {
      throw new z.errors.Error(
        `This request to the Zap's URL has no valid ${LINKSYNC_SIGNATURE_HEADER} for its subscription, so it was not from your shortener (or arrived more than five minutes late). If deliveries keep failing, turn the Zap off and on to subscribe again.`,
        "invalid_signature",
        401,
      );
    }
    body = JSON.parse(raw.content);
  }
  if (!isObject(body) || body.type !== type || typeof body.id !== "string" || !isObject(body.data))
    return null;
  return { id: body.id, type: body.type, data: body.data };
}

/** Zapier passes headers as `Http-Linksync-Signature`; a raw request may carry them as sent. */
function signatureOf(headers: Readonly<Record<string, string>>): string | null {
  const wanted = new Set([
    LINKSYNC_SIGNATURE_HEADER.toLowerCase(),
    `http-${LINKSYNC_SIGNATURE_HEADER.toLowerCase()}`,
  ]);
  const found = Object.entries(headers).find(([name]) => wanted.has(name.toLowerCase()));
  return found ? found[1] : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
