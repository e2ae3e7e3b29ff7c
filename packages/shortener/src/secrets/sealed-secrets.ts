import type { SqlClient } from "../database/sql-client";
import type { SealedSecret, SecretBox } from "./secret-box";

const KEY_CHECK = "linksync-key-check";

/**
 * Seals the secrets the server stores in its database (webhook signing secrets, Notion tokens, one-time codes'
 * values) with the `secretsKey`, and proves at start that the key is the one they were sealed with: the first seal
 * records a sealed marker, and a start whose key cannot open it is refused.
 */
export class SealedSecrets {
  private checked: boolean;

  private constructor(
    private readonly sql: SqlClient,
    private readonly box: SecretBox,
    hasCheck: boolean,
    /** False when secrets would outlive the process (a database on disk or a server) but the key would not. */
    readonly keepsSecrets: boolean,
  ) {
    this.checked = hasCheck;
  }

  /** `persistent`: the database outlives the process (a `dataDir` or PostgreSQL). */
  static async open(sql: SqlClient, box: SecretBox, persistent: boolean): Promise<SealedSecrets> {
    const { rows } = await sql.query<{ sealed: string }>("SELECT sealed FROM secrets_key_check WHERE id = 1");
    const check = rows[0]?.sealed;
    if (check !== undefined && !opens(box, check)) {
      throw new Error(
        "The database holds secrets sealed with another secretsKey; start with the key used before.",
      );
    }
    return new SealedSecrets(sql, box, check !== undefined, !persistent || box.durable);
  }

  /** Seals a secret for storage; the first one also records the key check. */
  async seal(plain: string): Promise<SealedSecret> {
    // A per-process key has nothing to prove at the next start: what it sealed is unreadable then anyway.
    if (!this.checked && this.box.durable) {
      await this.sql.query(
        "INSERT INTO secrets_key_check (id, sealed) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
        [this.box.seal(KEY_CHECK)],
      );
      this.checked = true;
    }
    return this.box.seal(plain);
  }

  open(sealed: SealedSecret): string {
    return this.box.open(sealed);
  }
}

/** A key that cannot open the check value is the wrong key; that is the one failure expected here. */
function opens(box: SecretBox, keyCheck: SealedSecret): boolean {
  try {
    return box.open(keyCheck) === KEY_CHECK;
  } catch {
    return false;
  }
}
