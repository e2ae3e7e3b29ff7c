import { isIP } from "node:net";
import { isForbiddenAddress, type Resolve, systemResolve } from "@linksync/webhook-protocol";

/**
 * Where webhooks may be sent. `public` (the default): https to public addresses only. `any`: also http and private
 * addresses, set explicitly for local development (`webhooks.targets: "any"`, `LINKSYNC_WEBHOOK_TARGETS=any`).
 */
export type WebhookTargets = "public" | "any";

/**
 * Checks a subscription URL when it is created: https (unless `any`), no credentials, and, when the host is an IP
 * literal (in any form the URL parser accepts: decimal, hex, short, bracketed IPv6, IPv4-mapped), a public one.
 * Returns the problem as a sentence, or null.
 */
export function subscriptionUrlProblem(value: string, targets: WebhookTargets): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "url is required: the absolute https URL the events are POSTed to.";
  }
  if (url.username !== "" || url.password !== "") return "url must not carry a user name or password.";
  if (targets === "any") {
    return url.protocol === "https:" || url.protocol === "http:" ? null : "url must be an http(s) URL.";
  }
  if (url.protocol !== "https:")
    return "url must be https (http is only accepted by a local development server).";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0 && isForbiddenAddress(host)) {
    return `url points at ${url.hostname}, a loopback, private, link-local or reserved address; webhooks go to public addresses only.`;
  }
  if (host === "localhost" || host.endsWith(".localhost"))
    return "url points at localhost; webhooks go to public addresses only.";
  return null;
}

/** A delivery's target, checked: refused with a sentence, or the address to connect to (null: resolve as usual). */
export type DeliveryTarget =
  | { readonly refusal: string }
  | { readonly refusal: null; readonly connectTo: string | null };

/**
 * Checks a target right before a delivery: the host is resolved now (a name may point elsewhere than at subscribe
 * time) and every address must be public; the delivery then connects to the checked address itself, so a DNS answer
 * flipping between the check and the connection changes nothing. The answer never says whether anything listens
 * there. With `any` (local development) nothing is checked or pinned.
 */
export async function deliveryTarget(
  value: string,
  targets: WebhookTargets,
  resolve: Resolve = systemResolve,
): Promise<DeliveryTarget> {
  if (targets === "any") return { refusal: null, connectTo: null };
  const problem = subscriptionUrlProblem(value, targets);
  if (problem !== null)
    return { refusal: "The webhook URL is not an allowed target (https, public address)." };
  const host = new URL(value).hostname.replace(/^\[|\]$/g, "");
  let addresses: readonly string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : await resolve(host);
  } catch {
    return { refusal: "The webhook host name did not resolve." };
  }
  const [first] = addresses;
  if (first === undefined || addresses.some(isForbiddenAddress)) {
    return {
      refusal: "The webhook host resolves to a non-public address; deliveries go to public addresses only.",
    };
  }
  return { refusal: null, connectTo: first };
}
