import { LINKSYNC_SIGNATURE_HEADER, signLinksyncPayload } from "./signature";

/** One try at delivering a webhook, as the engine's and the shortener's delivery logs record it. */
export interface WebhookAttempt {
  /** ISO-8601 UTC, from the sender's clock. */
  readonly at: string;
  /** The receiver's HTTP status, or null when none came (timeout, refused connection). */
  readonly status: number | null;
  /** Why the attempt failed, in a sentence for the delivery log; null on a 2xx. */
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookPost {
  readonly url: string;
  readonly eventType: string;
  readonly deliveryId: string;
  /** The JSON body exactly as sent and signed. */
  readonly body: string;
  /** Opened inside the attempt, so a secret that cannot be unsealed fails this attempt rather than the sender. */
  readonly secret: () => string;
  /** Epoch ms from the sender's clock: the signature's `t` and the attempt's `at`. */
  readonly now: number;
  readonly timeoutMs: number;
  /**
   * The address to connect to, resolved and checked by the caller, instead of resolving the URL's host again (so a
   * DNS answer cannot change between the check and the connection). The host name is still used for TLS (SNI and the
   * certificate) and the Host header.
   */
  readonly connectTo?: string;
}

/** Error sentences longer than this are cut, so one odd receiver cannot bloat the delivery log. */
const MAX_ERROR_LENGTH = 200;

/**
 * POSTs one delivery with the Linksync headers (`Linksync-Event`, `Linksync-Delivery`, `Linksync-Signature`) and
 * reports how it went; it never throws. Redirects are not followed: a webhook URL that moved must be changed by its
 * owner, not silently obeyed. Only a 2xx counts as delivered.
 */
export async function postWebhookDelivery(post: WebhookPost): Promise<WebhookAttempt> {
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": "Linksync-Webhooks/1",
      "Linksync-Event": post.eventType,
      "Linksync-Delivery": post.deliveryId,
      [LINKSYNC_SIGNATURE_HEADER]: signLinksyncPayload(post.body, post.secret(), Math.floor(post.now / 1000)),
    };
    status =
      post.connectTo === undefined
        ? await sendByFetch(post, headers)
        : await sendPinned(post, post.connectTo, headers);
    if (status < 200 || status >= 300) error = `The receiver answered HTTP ${status}.`;
  } catch (cause) {
    error = describeFailure(cause);
  }
  return {
    at: new Date(post.now).toISOString(),
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  };
}

async function sendByFetch(post: WebhookPost, headers: Record<string, string>): Promise<number> {
  const response = await fetch(post.url, {
    method: "POST",
    redirect: "manual",
    signal: AbortSignal.timeout(post.timeoutMs),
    headers,
    body: post.body,
  });
  await response.body?.cancel();
  return response.status;
}

/** The same POST over `node:http(s)`, whose `lookup` hook answers the given address for the URL's host. */
async function sendPinned(
  post: WebhookPost,
  address: string,
  headers: Record<string, string>,
): Promise<number> {
  const url = new URL(post.url);
  const { request } = url.protocol === "https:" ? await import("node:https") : await import("node:http");
  const { isIP } = await import("node:net");
  const family = isIP(address);
  if (family === 0) throw new Error("connectTo must be an IP address.");
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": Buffer.byteLength(post.body) },
        signal: AbortSignal.timeout(post.timeoutMs),
        lookup: (_host, options, callback) => {
          if (options.all) callback(null, [{ address, family }]);
          else callback(null, address, family);
        },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(post.body);
  });
}

/** Why an attempt got no answer, without anything of the request (which holds the signature). */
function describeFailure(cause: unknown): string {
  const reason = (cause as { cause?: unknown } | null)?.cause;
  if (isTimeout(cause) || isTimeout(reason)) return "The receiver did not answer in time.";
  const code = (cause as { cause?: { code?: unknown } } | null)?.cause?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return (typeof code === "string" ? `${message} (${code})` : message).slice(0, MAX_ERROR_LENGTH);
}

function isTimeout(value: unknown): boolean {
  return value instanceof DOMException && value.name === "TimeoutError";
}
