import { LINKSYNC_SHORTENER_KIND } from "@linksync/core";
import type { Bundle, ZObject } from "zapier-platform-core";
import { providerConnection } from "../../linksync";

/** What Zapier keeps as `bundle.subscribeData`: the shortener's webhook id and the secret its deliveries are signed with. */
export interface ShortenerSubscription {
  readonly id: string;
  readonly secret: string;
  readonly events: readonly string[];
}

/**
 * Subscribes the Zap's `bundle.targetUrl` to shortener webhook events (`POST /api/webhooks`). Zapier cannot reach a
 * desktop or CLI agent, so the shortener is the hub: agents report conflicts there and it delivers them with its
 * own link events.
 */
export async function subscribeToShortener(
  z: ZObject,
  bundle: Bundle,
  events: readonly string[],
): Promise<ShortenerSubscription> {
  const response = await z.request({
    method: "POST",
    url: `${shortenerApi(z, bundle)}/api/webhooks`,
    headers: authorization(bundle),
    body: { url: bundle.targetUrl, events },
    skipThrowForStatus: true,
  });
  if (response.status !== 201) throw refusal(z, response.status, response.data, "turn on this Zap");
  const created = response.data as Partial<ShortenerSubscription>;
  if (typeof created.id !== "string" || typeof created.secret !== "string") {
    throw new z.errors.Error(
      "The shortener answered the subscription without an id and secret. Check that the Shortener Base URL points to a Linksync Shortener.",
      "provider_malformed_response",
    );
  }
  return { id: created.id, secret: created.secret, events };
}

/** Removes the Zap's subscription (`DELETE /api/webhooks/{id}`); one already gone is fine. */
export async function unsubscribeFromShortener(z: ZObject, bundle: Bundle): Promise<{ readonly id: string }> {
  const id = bundle.subscribeData?.id ?? "";
  const response = await z.request({
    method: "DELETE",
    url: `${shortenerApi(z, bundle)}/api/webhooks/${encodeURIComponent(id)}`,
    headers: authorization(bundle),
    skipThrowForStatus: true,
  });
  if (response.status !== 204 && response.status !== 404) {
    throw refusal(z, response.status, response.data, "turn off this Zap");
  }
  return { id };
}

/** Only the Linksync Shortener delivers webhooks; another provider would say so here. */
function shortenerApi(z: ZObject, bundle: Bundle): string {
  if ((bundle.authData.provider ?? LINKSYNC_SHORTENER_KIND) !== LINKSYNC_SHORTENER_KIND) {
    throw new z.errors.Error(
      "Instant triggers need the Linksync Shortener as the Short Link Provider of this connection.",
      "instant_unsupported",
    );
  }
  return providerConnection(z, bundle.authData).baseUrl;
}

function authorization(bundle: Bundle): Record<string, string> {
  return { Authorization: `Bearer ${bundle.authData.shortenerApiKey ?? ""}` };
}

/** The shortener's own sentence (it never holds the key), with what the user should do. */
function refusal(z: ZObject, status: number, body: unknown, doing: string): Error {
  if (status === 401) {
    return new z.errors.ExpiredAuthError(
      "The shortener refused the API key of this connection. Reconnect Linksync with a current Shortener API Key.",
    );
  }
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return new z.errors.Error(
    `The shortener could not ${doing} (HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}).`,
    "provider_webhook_refused",
    status,
  );
}
