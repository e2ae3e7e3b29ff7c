import type { ControlMethods } from "../control/operations";
import type { SandboxServices } from "../server/services";
import type {
  LinkPasteOutcome,
  LinkPreview,
  LinkPreviewIntegration,
  LinkPreviewIntegrationOptions,
  PasteLinkRequest,
} from "./link-previews";
import type { LinkPreviewCall } from "./service-calls";

export interface LinkPreviewControlOperations {
  createLinkPreviewIntegration: {
    args: [options: LinkPreviewIntegrationOptions];
    result: LinkPreviewIntegration;
  };
  /** What Notion does when a person pastes a URL: unfurl it, or first ask for the account to be connected. */
  pasteLink: { args: [request: PasteLinkRequest]; result: LinkPasteOutcome };
  /** Hands Notion the URL the service redirected the browser to (`code` + `state`, or `error`). */
  completeLinkAuthorization: { args: [redirectUrl: string]; result: LinkPasteOutcome };
  linkPreviews: { args: [pageId?: string]; result: LinkPreview[] };
  deleteLinkPreview: {
    args: [previewId: string];
    result: { deleted: boolean; callbackStatus: number | null };
  };
  disconnectLinkPreviewAccount: {
    args: [integrationId: string, personId?: string];
    result: { disconnected: boolean; callbackStatus: number | null };
  };
  /** Notion's requests to the services, oldest first, without bodies. */
  linkPreviewCalls: { args: []; result: LinkPreviewCall[] };
}

export const LINK_PREVIEW_CONTROL_OPERATION_NAMES = [
  "createLinkPreviewIntegration",
  "pasteLink",
  "completeLinkAuthorization",
  "linkPreviews",
  "deleteLinkPreview",
  "disconnectLinkPreviewAccount",
  "linkPreviewCalls",
] as const satisfies readonly (keyof LinkPreviewControlOperations)[];

export function createLinkPreviewControl({
  linkPreviews,
}: SandboxServices): ControlMethods<LinkPreviewControlOperations> {
  return {
    createLinkPreviewIntegration: async (options) => linkPreviews.createIntegration(options),
    pasteLink: (request) => linkPreviews.paste(request),
    completeLinkAuthorization: (redirectUrl) => linkPreviews.completeAuthorization(redirectUrl),
    linkPreviews: async (pageId) => linkPreviews.previews(pageId),
    deleteLinkPreview: (previewId) => linkPreviews.deletePreview(previewId),
    disconnectLinkPreviewAccount: (integrationId, personId) =>
      linkPreviews.disconnect(integrationId, personId),
    linkPreviewCalls: async () => linkPreviews.calls(),
  };
}
