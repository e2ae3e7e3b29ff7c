import type { ColumnIds, QrImages } from "@linksync/core/engine";
import { type ConnectionRecord, readConnectionSettings } from "@linksync/core/ports";
import type { SqlQueryable } from "@linksync/shortener/database";

/** A database the server syncs. */
export interface ServerDatabase {
  /** The server's id for it, carried by events, audit entries and jobs. */
  readonly id: string;
  readonly connectionId: string;
  readonly dataSourceId: string;
  readonly title: string;
  /** Property ids of the mapped columns, recorded when the field map was verified. */
  readonly columnIds: ColumnIds;
  readonly qrImages: QrImages;
}

/** The server's list of synced databases (`sync_server_databases`). */
export class ServerDatabases {
  constructor(private readonly sql: SqlQueryable) {}

  async put(database: ServerDatabase): Promise<void> {
    await this.sql.query(
      `INSERT INTO sync_server_databases (id, connection_id, data_source_id, settings) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings`,
      [database.id, database.connectionId, database.dataSourceId, JSON.stringify(database)],
    );
  }

  async get(id: string): Promise<ServerDatabase | null> {
    const { rows } = await this.sql.query<{ settings: ServerDatabase }>(
      "SELECT settings FROM sync_server_databases WHERE id = $1",
      [id],
    );
    return rows[0]?.settings ?? null;
  }

  async ofConnection(connectionId: string): Promise<readonly ServerDatabase[]> {
    const { rows } = await this.sql.query<{ settings: ServerDatabase }>(
      "SELECT settings FROM sync_server_databases WHERE connection_id = $1 ORDER BY id",
      [connectionId],
    );
    return rows.map((row) => row.settings);
  }

  async list(): Promise<readonly ServerDatabase[]> {
    const { rows } = await this.sql.query<{ settings: ServerDatabase }>(
      "SELECT settings FROM sync_server_databases ORDER BY id",
    );
    return rows.map((row) => row.settings);
  }
}

/** Vault entry names, the agent's (`notion:<connection>`, `provider:<connection>`). */
export const serverSecretNames = {
  notion: (connectionId: string) => `notion:${connectionId}`,
  provider: (connectionId: string) => `provider:${connectionId}`,
  /** The proved verification token of the connection's Notion webhook subscription. */
  notionWebhook: (connectionId: string) => `notion-webhook:${connectionId}`,
  /** Tokens handshakes delivered that nothing proved yet (JSON list). */
  notionWebhookCandidates: (connectionId: string) => `notion-webhook-candidates:${connectionId}`,
} as const;

/**
 * The provider base URL a connection's databases use, from its typed settings (core's `readConnectionSettings`, one
 * reading of them for agent and server); a record written before them kept it in `providerOptions.baseUrl`.
 */
export function providerBaseUrlOf(connection: ConnectionRecord): string {
  const settings = readConnectionSettings(
    connection.settings,
    connection.providerOptions,
    connection.workspaceName,
  );
  return settings.providerBaseUrl ?? connection.providerOptions.baseUrl ?? "";
}
