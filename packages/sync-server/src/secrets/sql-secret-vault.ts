import { SecretBox } from "@linksync/core/ports";
import type { SqlClient, SqlQueryable } from "@linksync/shortener/database";
import { deriveSyncSecretsKey } from "./server-key";

/**
 * Named secrets (a connection's Notion token, its provider key) sealed in one table with core's `SecretBox`
 * (AES-256-GCM, the entry's name bound as additional data, so a value copied under another name does not open).
 * The key is derived from the server's secret; the database never holds a token in plain text. The values this
 * process has read or written are remembered for log and audit redaction (`knownValues`).
 */
export class SqlSecretVault {
  private readonly box: SecretBox;
  private readonly known = new Map<string, string>();

  constructor(
    private readonly sql: SqlClient,
    serverSecret: string,
  ) {
    this.box = new SecretBox(deriveSyncSecretsKey(serverSecret));
  }

  get(name: string): Promise<string | null> {
    return this.read(this.sql, name);
  }

  /**
   * Reads one entry and writes what `change` makes of it (null deletes it), the name locked for the transaction: two
   * workers changing one entry at once (two Notion handshakes on two workers) both land, neither writing over the
   * other from a stale read.
   */
  async update(name: string, change: (current: string | null) => string | null): Promise<void> {
    await this.sql.transaction(async (tx) => {
      // A row lock cannot cover an entry that does not exist yet; the name's advisory lock can.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($2), hashtext($1))", [
        name,
        `linksync-sync-secret:${this.sql.schema}`,
      ]);
      const next = change(await this.read(tx, name));
      if (next === null) await this.remove(tx, name);
      else await this.write(tx, name, next);
    });
  }

  private async read(sql: SqlQueryable, name: string): Promise<string | null> {
    const { rows } = await sql.query<{ sealed: string }>("SELECT sealed FROM sync_secrets WHERE name = $1", [
      name,
    ]);
    const sealed = rows[0]?.sealed;
    if (sealed === undefined) {
      this.known.delete(name);
      return null;
    }
    const value = this.box.open(sealed, name);
    this.known.set(name, value);
    return value;
  }

  async has(name: string): Promise<boolean> {
    const { rows } = await this.sql.query("SELECT 1 FROM sync_secrets WHERE name = $1", [name]);
    return rows.length > 0;
  }

  set(name: string, value: string): Promise<void> {
    return this.write(this.sql, name, value);
  }

  private async write(sql: SqlQueryable, name: string, value: string): Promise<void> {
    await sql.query(
      `INSERT INTO sync_secrets (name, sealed) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()`,
      [name, this.box.seal(value, name)],
    );
    this.known.set(name, value);
  }

  /** Gone from the table when this resolves (a revoked token is wiped at once). */
  delete(name: string): Promise<void> {
    return this.remove(this.sql, name);
  }

  private async remove(sql: SqlQueryable, name: string): Promise<void> {
    await sql.query("DELETE FROM sync_secrets WHERE name = $1", [name]);
    this.known.delete(name);
  }

  /** The plain values this process holds, for redaction. */
  knownValues(): readonly string[] {
    return [...this.known.values()];
  }
}
