import type { SqlQueryable } from "@linksync/shortener/database";

/**
 * Which server account each connection belongs to (`sync_connections.account_id`, an id of the link service's
 * `accounts`). Everything synced through a connection (its databases, their state, outbox, audit entries and
 * conflicts) is reachable through that account's API only.
 */
export class ConnectionAccounts {
  constructor(private readonly sql: SqlQueryable) {}

  async accountOf(connectionId: string): Promise<string | null> {
    const { rows } = await this.sql.query<{ account_id: string | null }>(
      "SELECT account_id FROM sync_connections WHERE id = $1",
      [connectionId],
    );
    return rows[0]?.account_id ?? null;
  }

  /**
   * Ties the connection to the account when it belongs to nobody yet (or already to it); true when it is the
   * account's now. A connection of another account is never taken over this way.
   */
  async claim(connectionId: string, accountId: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE sync_connections SET account_id = $2
       WHERE id = $1 AND (account_id IS NULL OR account_id = $2) RETURNING id`,
      [connectionId, accountId],
    );
    return rows.length > 0;
  }

  /** The operator's move (`linksync-server sync own`): ties the connection to the account whoever had it. */
  async assign(connectionId: string, accountId: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      "UPDATE sync_connections SET account_id = $2 WHERE id = $1 RETURNING id",
      [connectionId, accountId],
    );
    return rows.length > 0;
  }
}
