import type { PreviewGrantRecord, PreviewRecord } from "../link-previews/preview-records";
import type { SealedSecret } from "../secrets/secret-box";
import type { DeliveryRecord, SubscriptionRecord } from "../webhooks/webhook-records";

/**
 * What the integrations (webhooks, Link Previews) keep, in a JSON file beside the database.
 */
export interface IntegrationData {
  readonly format: 1;
  /** A sealed marker proving, at start, that `secretsKey` is the key the stored secrets were sealed with. */
  keyCheck: SealedSecret | null;
  readonly subscriptions: Record<string, SubscriptionRecord>;
  readonly deliveries: Record<string, DeliveryRecord>;
  readonly previewGrants: Record<string, PreviewGrantRecord>;
  /** Keyed by the previewed URI. */
  readonly previews: Record<string, PreviewRecord>;
}

export function emptyIntegrationData(): IntegrationData {
  return {
    format: 1,
    keyCheck: null,
    subscriptions: {},
    deliveries: {},
    previewGrants: {},
    previews: {},
  };
}

export function parseIntegrationData(raw: unknown, source: string): IntegrationData {
  const refuse = (why: string): never => {
    throw new Error(
      `${source} is not a Linksync integrations file (${why}). Move it aside or restore a backup.`,
    );
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return refuse("not a JSON object");
  const data = raw as Record<string, unknown>;
  if (data.format !== 1) return refuse(`unknown format ${JSON.stringify(data.format)}`);
  for (const section of ["subscriptions", "deliveries", "previewGrants", "previews"]) {
    const value = data[section];
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return refuse(`${section} is missing`);
  }
  return { ...emptyIntegrationData(), ...(data as unknown as IntegrationData) };
}

/** `./data/shortener.json` → `./data/shortener.integrations.json`. */
export function integrationsFileFor(dataFile: string): string {
  return /\.json$/i.test(dataFile)
    ? dataFile.replace(/\.json$/i, ".integrations.json")
    : `${dataFile}.integrations.json`;
}
