import { randomBytes } from "node:crypto";
import type { Gateways, WorkerPorts } from "../worker/database-run";
import { attachServerDatabase, connectServerWorkspace } from "../worker/server-attach";

export interface ConnectRequest {
  readonly notionToken: string;
  readonly workspaceName: string;
  readonly workspaceId?: string;
  /** Where the workers reach this server's link API (the address the caller uses, usually). */
  readonly providerBaseUrl: string;
}

export interface AttachRequest {
  readonly connectionId: string;
  readonly dataSourceId: string;
  readonly createMissingColumns: boolean;
}

/**
 * What an account changes of who runs its databases: a workspace connected to the server (its token sealed, the
 * caller's key as the connection's link provider key), a data source the server runs from now on, a database handed
 * back (the server stops running it; a laptop may run it again). Every step checks the account owns the connection
 * or database, as the reads do (`AccountSync`).
 */
export class AccountControl {
  constructor(
    private readonly ports: WorkerPorts,
    private readonly gateways: Gateways,
  ) {}

  async connect(accountId: string, apiKey: string, input: ConnectRequest): Promise<{ readonly id: string }> {
    const id = `conn_${randomBytes(9).toString("base64url")}`;
    await connectServerWorkspace(this.ports, {
      id,
      accountId,
      workspaceId: input.workspaceId ?? id,
      workspaceName: input.workspaceName,
      token: input.notionToken,
      providerBaseUrl: input.providerBaseUrl,
      providerApiKey: apiKey,
    });
    return { id };
  }

  /**
   * The server runs the data source from now on: its id (the one it had when already attached), or null when the
   * connection is not the account's.
   */
  async attach(accountId: string, input: AttachRequest): Promise<string | null> {
    const { rows } = await this.ports.sql.query<{ id: string | null }>(
      `SELECT d.id FROM sync_connections c
       LEFT JOIN sync_server_databases d ON d.connection_id = c.id AND d.data_source_id = $3
       WHERE c.id = $2 AND c.account_id = $1`,
      [accountId, input.connectionId, input.dataSourceId],
    );
    if (rows.length === 0) return null;
    if (rows[0]?.id) return rows[0].id;
    const database = await attachServerDatabase(this.ports, this.gateways, {
      id: `db_${randomBytes(9).toString("base64url")}`,
      ...input,
    });
    return database.id;
  }

  /** The server stops running the database (its state stays for a later attach); false when not the account's. */
  async handBack(accountId: string, databaseId: string): Promise<boolean> {
    const { rows } = await this.ports.sql.query(
      `WITH gone AS (
         DELETE FROM sync_server_databases d USING sync_connections c
         WHERE d.id = $2 AND c.id = d.connection_id AND c.account_id = $1 RETURNING d.id),
       waiting AS (DELETE FROM sync_pending_rows p USING gone WHERE p.database_id = gone.id)
       SELECT id FROM gone`,
      [accountId, databaseId],
    );
    return rows.length > 0;
  }
}
