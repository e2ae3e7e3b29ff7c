import type { LinkPreviewSettings } from "../link-previews/preview-settings";
import type { ShortenerOptions } from "./start-shortener";

type IntegrationEnvOptions = Pick<
  ShortenerOptions,
  "secretsKey" | "oauthBroker" | "linkPreviews" | "webhooks"
>;

/**
 * The integrations' secrets for the `bin`, read from the environment (never from flags, which `ps` shows). A
 * feature is on when its variables are set; half a pair is refused so a typo does not silently turn it off.
 */
export function integrationOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): IntegrationEnvOptions {
  const value = (name: string) => (env[name] ?? "").trim() || undefined;
  const pair = (id: string, secret: string): [string, string] | null => {
    const [a, b] = [value(id), value(secret)];
    if (a === undefined && b === undefined) return null;
    if (a === undefined || b === undefined) throw new Error(`Set both ${id} and ${secret}, or neither.`);
    return [a, b];
  };
  const notionBaseUrl = value("LINKSYNC_NOTION_BASE_URL");
  const secretsKey = value("LINKSYNC_SHORTENER_SECRETS_KEY");
  const webhookTargets = value("LINKSYNC_WEBHOOK_TARGETS");
  if (webhookTargets !== undefined && webhookTargets !== "public" && webhookTargets !== "any") {
    throw new Error('LINKSYNC_WEBHOOK_TARGETS must be "public" or "any" (local development only).');
  }
  const broker = pair("LINKSYNC_NOTION_CLIENT_ID", "LINKSYNC_NOTION_CLIENT_SECRET");
  const previews = pair("LINKSYNC_PREVIEWS_CLIENT_ID", "LINKSYNC_PREVIEWS_CLIENT_SECRET");
  const previewsAtNotion = pair(
    "LINKSYNC_PREVIEWS_NOTION_CLIENT_ID",
    "LINKSYNC_PREVIEWS_NOTION_CLIENT_SECRET",
  );
  if ((previews === null) !== (previewsAtNotion === null)) {
    throw new Error(
      "Link Previews need both LINKSYNC_PREVIEWS_CLIENT_* and LINKSYNC_PREVIEWS_NOTION_CLIENT_*.",
    );
  }
  return {
    ...(secretsKey !== undefined && { secretsKey }),
    ...(webhookTargets !== undefined && { webhooks: { targets: webhookTargets } }),
    ...(broker && {
      oauthBroker: {
        notionClientId: broker[0],
        notionClientSecret: broker[1],
        ...(notionBaseUrl !== undefined && { notionBaseUrl }),
        ...(value("LINKSYNC_SIGN_IN_ACCOUNTS") === "1" && { signInAccounts: true }),
      },
    }),
    ...(previews &&
      previewsAtNotion && {
        linkPreviews: {
          clientId: previews[0],
          clientSecret: previews[1],
          notionClientId: previewsAtNotion[0],
          notionClientSecret: previewsAtNotion[1],
          ...(notionBaseUrl !== undefined && { notionBaseUrl }),
        },
      }),
  };
}

/** The lines to paste into Notion's Link Preview settings (no secret among them). */
export function describeLinkPreviewSettings(settings: LinkPreviewSettings): string {
  return [
    "Link Previews: enter these in the Notion integration's Link Preview settings:",
    `  Authorization URL          ${settings.authorizationUrl}`,
    `  Token URL                  ${settings.tokenUrl}`,
    `  Deleted token callback URL ${settings.deletedTokenCallbackUrl}`,
    `  Unfurl callback URL        ${settings.unfurlCallbackUrl}`,
    `  OAuth client ID            ${settings.clientId} (the secret is LINKSYNC_PREVIEWS_CLIENT_SECRET)`,
    `  Domain                     ${settings.domain}`,
    `  URL pattern                ${settings.urlPattern}`,
    `  Sample URL                 ${settings.sampleUrl}`,
  ].join("\n");
}
