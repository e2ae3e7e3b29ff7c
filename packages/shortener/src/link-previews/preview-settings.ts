import { LINK_PREVIEW_PATHS } from "./link-preview-paths";
import { shortLinkPattern } from "./short-link-pattern";

/** What to paste into the Link Preview settings of the integration in Notion's dashboard. */
export interface LinkPreviewSettings {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly deletedTokenCallbackUrl: string;
  readonly unfurlCallbackUrl: string;
  readonly clientId: string;
  readonly domain: string;
  /** A regular expression with the named group `slug`, matching our short links. */
  readonly urlPattern: string;
  readonly sampleUrl: string;
}

export function linkPreviewSettings(
  publicUrl: string,
  brandedBaseUrl: string,
  clientId: string,
): LinkPreviewSettings {
  return {
    authorizationUrl: `${publicUrl}${LINK_PREVIEW_PATHS.authorize}`,
    tokenUrl: `${publicUrl}${LINK_PREVIEW_PATHS.token}`,
    deletedTokenCallbackUrl: `${publicUrl}${LINK_PREVIEW_PATHS.deletedToken}`,
    unfurlCallbackUrl: `${publicUrl}${LINK_PREVIEW_PATHS.unfurl}`,
    clientId,
    domain: new URL(brandedBaseUrl).hostname,
    urlPattern: shortLinkPattern(brandedBaseUrl).source,
    sampleUrl: `${brandedBaseUrl}/x7Kp2aB`,
  };
}
