import type { IntegrationStore } from "../integration-store/integration-store";
import { json, type PublicReply } from "../public-http/public-endpoints";
import type { PreviewGrants } from "./preview-grants";
import type { PreviewGrantRecord } from "./preview-records";
import type { ReadPreviewedLink } from "./previewed-link";
import { slugOfShortUrl } from "./short-link-pattern";
import { unfurlAttributes } from "./unfurl-attributes";

export interface UnfurlCallbackDeps {
  readonly store: IntegrationStore;
  readonly grants: PreviewGrants;
  readonly pattern: RegExp;
  readonly readLink: ReadPreviewedLink;
  readonly now: () => number;
}

export const MAX_URI_LENGTH = 2048;

/**
 * Notion's unfurl callback: `POST` answers a short link's attributes (or an error operation Notion shows in
 * place of the preview) and remembers the preview for updates; `DELETE` forgets it.
 */
export class UnfurlCallback {
  constructor(private readonly deps: UnfurlCallbackDeps) {}

  async unfurl(
    authorization: string | undefined,
    fields: Readonly<Record<string, unknown>>,
  ): Promise<PublicReply> {
    const grant = this.grantOf(authorization);
    if (!grant) return invalidToken();
    const uri = uriOf(fields);
    if (uri === null)
      return json(400, { error: "invalid_request", error_description: "Send the pasted URL as uri." });
    const slug = slugOfShortUrl(this.deps.pattern, uri);
    const found = slug === null ? null : await this.deps.readLink({ slug });
    if (!found)
      return json(200, unfurlError(uri, 404, "This Linksync short link does not exist (any more)."));
    if (found.ownerId !== grant.accountId) {
      return json(200, unfurlError(uri, 403, "This short link belongs to another Linksync account."));
    }
    const now = this.deps.now();
    await this.deps.store.change((data) => {
      data.previews[uri] = {
        uri,
        linkId: found.link.id,
        accountId: grant.accountId,
        grantId: grant.id,
        createdAt: new Date(now).toISOString(),
        lastSentAt: now,
        changedAt: null,
      };
    });
    return json(200, unfurlAnswer(uri, unfurlAttributes(found.link, found.clicks)));
  }

  async forget(
    authorization: string | undefined,
    fields: Readonly<Record<string, unknown>>,
  ): Promise<PublicReply> {
    const grant = this.grantOf(authorization);
    if (!grant) return invalidToken();
    const uri = uriOf(fields);
    if (uri === null)
      return json(400, { error: "invalid_request", error_description: "Send the preview's uri." });
    if (this.deps.store.data.previews[uri]?.grantId === grant.id) {
      await this.deps.store.change((data) => {
        delete data.previews[uri];
      });
    }
    return json(200, {});
  }

  private grantOf(authorization: string | undefined): PreviewGrantRecord | null {
    const token = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim();
    return token === undefined ? null : this.deps.grants.byAccessToken(token);
  }
}

export function unfurlAnswer(uri: string, attributes: readonly unknown[]) {
  return { uri, operations: [{ path: ["attributes"], set: attributes }] };
}

function unfurlError(uri: string, status: number, message: string) {
  return { uri, operations: [{ path: ["error"], set: { status, message } }] };
}

/** Notion refreshes the token and calls again on a 401. */
function invalidToken(): PublicReply {
  return json(401, {
    error: "invalid_token",
    error_description: "The access token is unknown, revoked or expired; refresh it.",
  });
}

function uriOf(fields: Readonly<Record<string, unknown>>): string | null {
  const uri = fields.uri;
  return typeof uri === "string" && uri !== "" && uri.length <= MAX_URI_LENGTH ? uri : null;
}
