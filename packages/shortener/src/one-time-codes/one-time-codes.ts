import { createHash, randomBytes } from "node:crypto";
import type { SqlClient } from "../database/sql-client";
import { ShortenerError } from "../errors/shortener-error";
import type { SealedSecrets } from "../secrets/sealed-secrets";

export interface OneTimeCodesDeps {
  readonly sql: SqlClient;
  readonly secrets: SealedSecrets;
  readonly now: () => number;
}

/** Codes of one purpose waiting at once; beyond it new ones are refused, and none waiting is ever pushed out. */
export const DEFAULT_CODE_CAPACITY = 10_000;

/**
 * Short-lived, single-use codes (OAuth sign-ins and codes, consent tickets), in the database so that a code issued
 * by one instance is taken on another: only the code's SHA-256 is stored, its value sealed. Taking a code deletes it
 * in the same statement, so a code can never be used twice, on any instance. A flood of new codes cannot push out
 * the ones waiting: past `capacity` unexpired codes of a purpose, new ones are refused (503) until some expire.
 */
export class OneTimeCodes<T> {
  constructor(
    private readonly deps: OneTimeCodesDeps,
    private readonly purpose: string,
    private readonly ttlMs: number,
    private readonly capacity = DEFAULT_CODE_CAPACITY,
  ) {}

  async issue(value: T, prefix = ""): Promise<string> {
    const now = new Date(this.deps.now());
    const code = `${prefix}${randomBytes(32).toString("base64url")}`;
    const sealed = await this.deps.secrets.seal(JSON.stringify(value));
    await this.deps.sql.query("DELETE FROM one_time_codes WHERE purpose = $1 AND expires_at <= $2", [
      this.purpose,
      now,
    ]);
    const { rows } = await this.deps.sql.query(
      `INSERT INTO one_time_codes (code_hash, purpose, sealed, expires_at)
       SELECT $1, $2, $3, $4 WHERE (SELECT count(*) FROM one_time_codes WHERE purpose = $2) < $5
       RETURNING code_hash`,
      [hash(code), this.purpose, sealed, new Date(now.getTime() + this.ttlMs), this.capacity],
    );
    if (rows.length === 0) {
      throw new ShortenerError(
        "unavailable",
        "Too many sign-ins are in progress right now; try again in a few minutes.",
      );
    }
    return code;
  }

  /** The value once; null for an unknown, used or expired code. */
  async take(code: string): Promise<T | null> {
    if (code === "") return null;
    const { rows } = await this.deps.sql.query<{ sealed: string; expires_at: Date }>(
      "DELETE FROM one_time_codes WHERE code_hash = $1 AND purpose = $2 RETURNING sealed, expires_at",
      [hash(code), this.purpose],
    );
    const row = rows[0];
    if (!row || new Date(row.expires_at).getTime() <= this.deps.now()) return null;
    return JSON.parse(this.deps.secrets.open(row.sealed)) as T;
  }
}

function hash(code: string): string {
  return createHash("sha256").update(code).digest("base64url");
}
