import { LINKSYNC_SIGNATURE_HEADER, verifyLinksyncSignature } from "@linksync/core";
import type { Bundle, ZObject } from "zapier-platform-core";

/** A shortener webhook delivery: `{ id, type, createdAt, data }`, `id` the same across retries. */
export interface Delivery {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * How long a delivery's id is remembered. The shortener retries a failed delivery for about ten hours (12 attempts,
 * doubling from 30 s up to 2 h apart); two days also cover a subscription paused and resumed the next day.
 */
export const DELIVERY_MEMORY_SECONDS = 2 * 24 * 60 * 60;

/**
 * The delivery that woke this Zap, at most once per event id, or null: a request without a valid
 * `Linksync-Signature` for its subscription (unsigned, altered, signed with another secret, or more than five minutes
 * old), one of another type, or a redelivery of an event this subscription already turned into a run (the shortener
 * delivers at least once, Zapier does not deduplicate hook runs). Nothing here throws: a throwing `perform` counts
 * as a failed run and enough of them switch the Zap off, while a forged POST to the Zap's URL is not the user's fault.
 */
export async function acceptDelivery(z: ZObject, bundle: Bundle, type: string): Promise<Delivery | null> {
  const delivery = verifiedDelivery(z, bundle);
  if (!delivery || delivery.type !== type) return null;
  const subscription = (bundle.subscribeData as { id?: unknown } | undefined)?.id;
  const key = `linksync:delivery:${String(subscription)}:${delivery.id}`;
  // get first: a plain read answers most redeliveries; set-if-absent settles two copies arriving at once.
  if ((await z.cache.get(key)) !== null) return null;
  const first = await z.cache.set(key, true, DELIVERY_MEMORY_SECONDS, undefined, true);
  return first === false ? null : delivery;
}

function verifiedDelivery(z: ZObject, bundle: Bundle): Delivery | null {
  const raw = bundle.rawRequest;
  const secret = (bundle.subscribeData as { secret?: unknown } | undefined)?.secret;
  if (typeof raw?.content !== "string" || typeof secret !== "string") {
    z.console.log("Ignored a request without a raw body or a subscription secret: it cannot be verified.");
    return null;
  }
  if (!verifyLinksyncSignature(raw.content, signatureOf(raw.headers ?? {}), secret)) {
    z.console.log(
      `Ignored a request without a valid ${LINKSYNC_SIGNATURE_HEADER} for this Zap's subscription (not from your shortener, or more than five minutes late).`,
    );
    return null;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.content);
  } catch {
    z.console.log("Ignored a signed request whose body is not JSON.");
    return null;
  }
  if (
    !isObject(body) ||
    typeof body.type !== "string" ||
    typeof body.id !== "string" ||
    !isObject(body.data)
  ) {
    z.console.log("Ignored a signed request that is not a shortener event.");
    return null;
  }
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
