import type { SqlClient } from "../database/sql-client";
import { json, type PublicReply } from "../public-http/public-endpoints";
import type { PreviewGrants } from "./preview-grants";
import type { PreviewGrantRecord } from "./preview-records";
import type { ReadPreviewedLink } from "./previewed-link";
import { slugOfShortUrl } from "./short-link-pattern";
import { unfurlAttributes } from "./unfurl-attributes";

export interface UnfurlCallbackDeps {
  readonly sql: SqlClient;
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
    const grant = await this.grantOf(authorization);
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
    // One preview per link and connection: query variants (`/abc?x=1`, `/abc?x=2`) replace each other instead of
    // multiplying the updates a change of the link causes.
    const now = new Date(this.deps.now());
    await this.deps.sql.query(
      `INSERT INTO link_previews (grant_id, link_id, account_id, uri, created_at, last_sent_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (grant_id, link_id) DO UPDATE SET uri = EXCLUDED.uri, last_sent_at = EXCLUDED.last_sent_at`,
      [grant.id, found.link.id, grant.accountId, uri, now],
    );
    return json(200, unfurlAnswer(uri, unfurlAttributes(found.link, found.clicks)));
  }

  async forget(
    authorization: string | undefined,
    fields: Readonly<Record<string, unknown>>,
  ): Promise<PublicReply> {
    const grant = await this.grantOf(authorization);
    if (!grant) return invalidToken();
    const uri = uriOf(fields);
    if (uri === null)
      return json(400, { error: "invalid_request", error_description: "Send the preview's uri." });
    await this.deps.sql.query("DELETE FROM link_previews WHERE grant_id = $1 AND uri = $2", [grant.id, uri]);
    return json(200, {});
  }

  private async grantOf(authorization: string | undefined): Promise<PreviewGrantRecord | null> {
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
