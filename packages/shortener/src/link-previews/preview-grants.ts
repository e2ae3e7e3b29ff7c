import { createHash, randomBytes } from "node:crypto";
import type { SqlClient } from "../database/sql-client";
import type { SealedSecrets } from "../secrets/sealed-secrets";
import type { PreviewGrantRecord } from "./preview-records";

/** The token answer of our token URL (RFC 6749 §5.1). */
export interface PreviewTokenResponse {
  readonly access_token: string;
  readonly token_type: "bearer";
  readonly expires_in: number;
  readonly refresh_token: string;
}

interface GrantRow {
  readonly id: string;
  readonly account_id: string;
  readonly notion_token: string | null;
}

function grantRecord(row: GrantRow): PreviewGrantRecord {
  return { id: row.id, accountId: row.account_id, notionToken: row.notion_token };
}

/**
 * The tokens we issue to Notion, one grant per connection (`preview_grants`, shared by every instance). Only their
 * SHA-256 is stored; access tokens are short lived and the refresh token rotates on every use, so a leaked database
 * or an old token opens nothing.
 */
export class PreviewGrants {
  constructor(
    private readonly sql: SqlClient,
    private readonly secrets: SealedSecrets,
    private readonly now: () => number,
    private readonly accessTtlMs: number,
  ) {}

  async create(accountId: string, notionToken: string | null): Promise<PreviewTokenResponse> {
    const tokens = this.newTokens();
    await this.sql.query(
      `INSERT INTO preview_grants
         (id, account_id, access_token_hash, access_expires_at, refresh_token_hash, notion_token, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        `lpg_${randomBytes(12).toString("base64url")}`,
        accountId,
        hash(tokens.access_token),
        new Date(this.now() + this.accessTtlMs),
        hash(tokens.refresh_token),
        notionToken === null ? null : await this.secrets.seal(notionToken),
        new Date(this.now()),
      ],
    );
    return tokens;
  }

  /** New tokens for a current refresh token, or null; the old access and refresh tokens stop working. */
  async refresh(refreshToken: string): Promise<PreviewTokenResponse | null> {
    const tokens = this.newTokens();
    const { rows } = await this.sql.query(
      `UPDATE preview_grants SET access_token_hash = $2, access_expires_at = $3, refresh_token_hash = $4
       WHERE refresh_token_hash = $1 RETURNING id`,
      [
        hash(refreshToken),
        hash(tokens.access_token),
        new Date(this.now() + this.accessTtlMs),
        hash(tokens.refresh_token),
      ],
    );
    return rows.length === 0 ? null : tokens;
  }

  /** The grant of an unexpired access token, or null. */
  async byAccessToken(accessToken: string): Promise<PreviewGrantRecord | null> {
    const { rows } = await this.sql.query<GrantRow>(
      `SELECT id, account_id, notion_token FROM preview_grants
       WHERE access_token_hash = $1 AND access_expires_at > $2`,
      [hash(accessToken), new Date(this.now())],
    );
    return rows[0] ? grantRecord(rows[0]) : null;
  }

  async get(id: string): Promise<PreviewGrantRecord | null> {
    const { rows } = await this.sql.query<GrantRow>(
      "SELECT id, account_id, notion_token FROM preview_grants WHERE id = $1",
      [id],
    );
    return rows[0] ? grantRecord(rows[0]) : null;
  }

  /** Revokes the grant an access or refresh token belongs to, with its previews; false when none matched. */
  async revoke(token: string): Promise<boolean> {
    const hashed = hash(token);
    const { rows } = await this.sql.query(
      "DELETE FROM preview_grants WHERE access_token_hash = $1 OR refresh_token_hash = $1 RETURNING id",
      [hashed],
    );
    return rows.length > 0;
  }

  notionTokenOf(grant: PreviewGrantRecord): string | null {
    return grant.notionToken === null ? null : this.secrets.open(grant.notionToken);
  }

  private newTokens(): PreviewTokenResponse {
    return {
      access_token: `lpa_${randomBytes(32).toString("base64url")}`,
      token_type: "bearer",
      expires_in: Math.floor(this.accessTtlMs / 1000),
      refresh_token: `lpr_${randomBytes(32).toString("base64url")}`,
    };
  }
}

function hash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
