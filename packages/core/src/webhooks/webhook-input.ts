import { isWebhookEventName, WebhookError, type WebhookEventName } from "./outgoing-webhook";

/** The receiver's URL, normalised; refused with what to fix unless it is an http(s) URL. */
export function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The parser's own message adds nothing a user can act on; ours names the fix.
    throw new WebhookError(
      "webhook_url_invalid",
      `"${url}" is not a URL. Give the receiver's full https:// address.`,
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new WebhookError(
      "webhook_url_invalid",
      `A webhook URL must start with https:// or http:// (got ${parsed.protocol}).`,
    );
  }
  return parsed.toString();
}

/** The chosen events, each once; refused when none is chosen or one is unknown. */
export function checkEvents(events: readonly string[]): WebhookEventName[] {
  const unknown = events.filter((name) => !isWebhookEventName(name));
  if (events.length === 0 || unknown.length > 0) {
    throw new WebhookError(
      "webhook_events_invalid",
      `${unknown.length > 0 ? `Unknown event ${unknown.map((n) => `"${n}"`).join(", ")}. ` : "No event chosen. "}Pick from link.created, link.updated, conflict, sync.paused, sync.resumed, connection.revoked.`,
    );
  }
  return [...new Set(events as readonly WebhookEventName[])];
}
