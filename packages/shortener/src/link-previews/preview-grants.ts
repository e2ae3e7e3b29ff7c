import { createHash, randomBytes } from "node:crypto";
import type { IntegrationStore } from "../integration-store/integration-store";
import type { PreviewGrantRecord } from "./preview-records";

/** The token answer of our token URL (RFC 6749 §5.1). */
export interface PreviewTokenResponse {
  readonly access_token: string;
  readonly token_type: "bearer";
  readonly expires_in: number;
  readonly refresh_token: string;
}

/**
 * The tokens we issue to Notion, one grant per connection. Only their SHA-256 is stored; access tokens are short
 * lived and the refresh token rotates on every use, so a leaked data file or an old token opens nothing.
 */
export class PreviewGrants {
  constructor(
    private readonly store: IntegrationStore,
    private readonly now: () => number,
    private readonly accessTtlMs: number,
  ) {}

  async create(accountId: string, notionToken: string | null): Promise<PreviewTokenResponse> {
    const tokens = this.newTokens();
    const id = `lpg_${randomBytes(12).toString("base64url")}`;
    const record: PreviewGrantRecord = {
      id,
      accountId,
      accessTokenHash: hash(tokens.access_token),
      accessExpiresAt: this.now() + this.accessTtlMs,
      refreshTokenHash: hash(tokens.refresh_token),
      notionToken: notionToken === null ? null : this.store.seal(notionToken),
      createdAt: new Date(this.now()).toISOString(),
    };
    await this.store.change((data) => {
      data.previewGrants[id] = record;
    });
    return tokens;
  }

  /** New tokens for a current refresh token, or null; the old access and refresh tokens stop working. */
  async refresh(refreshToken: string): Promise<PreviewTokenResponse | null> {
    const grant = this.find((record) => record.refreshTokenHash === hash(refreshToken));
    if (!grant) return null;
    const tokens = this.newTokens();
    await this.store.change((data) => {
      const record = data.previewGrants[grant.id];
      if (!record) return;
      record.accessTokenHash = hash(tokens.access_token);
      record.accessExpiresAt = this.now() + this.accessTtlMs;
      record.refreshTokenHash = hash(tokens.refresh_token);
    });
    return tokens;
  }

  /** The grant of an unexpired access token, or null. */
  byAccessToken(accessToken: string): PreviewGrantRecord | null {
    const grant = this.find((record) => record.accessTokenHash === hash(accessToken));
    return grant && grant.accessExpiresAt > this.now() ? grant : null;
  }

  get(id: string): PreviewGrantRecord | null {
    return this.store.data.previewGrants[id] ?? null;
  }

  /** Revokes the grant an access or refresh token belongs to, with its previews; false when none matched. */
  async revoke(token: string): Promise<boolean> {
    const hashed = hash(token);
    const grant = this.find(
      (record) => record.accessTokenHash === hashed || record.refreshTokenHash === hashed,
    );
    if (!grant) return false;
    await this.store.change((data) => {
      delete data.previewGrants[grant.id];
      for (const preview of Object.values(data.previews)) {
        if (preview.grantId === grant.id) delete data.previews[preview.uri];
      }
    });
    return true;
  }

  notionTokenOf(grant: PreviewGrantRecord): string | null {
    return grant.notionToken === null ? null : this.store.open(grant.notionToken);
  }

  private find(matches: (record: PreviewGrantRecord) => boolean): PreviewGrantRecord | null {
    return Object.values(this.store.data.previewGrants).find(matches) ?? null;
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
