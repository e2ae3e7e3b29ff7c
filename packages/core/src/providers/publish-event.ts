import type { LinkProvider, ProviderEvent } from "./link-provider";

/**
 * Reports an event to the link provider without ever failing the caller: instant triggers (Zapier REST hooks) get
 * it at once, and when the report is lost (provider down, an older provider) the polling triggers, which read
 * Notion, still find the conflict. The reason is logged; provider errors never hold the API key.
 * Resolves true when the provider took the event.
 */
export async function publishEventBestEffort(
  provider: LinkProvider,
  event: ProviderEvent,
  log: (message: string) => void = console.warn,
): Promise<boolean> {
  if (!provider.capabilities.publishEvents || !provider.publishEvent) return false;
  try {
    await provider.publishEvent(event);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(
      `Linksync: the ${event.type} event of ${subjectOf(event)} was not reported to the link provider (${reason}); instant Zapier triggers miss it, polling triggers still see it.`,
    );
    return false;
  }
}

function subjectOf(event: ProviderEvent): string {
  return event.type === "conflict"
    ? `conflict ${event.data.conflictId} on row ${event.data.pageId}`
    : `database ${event.data.databaseId}`;
}
