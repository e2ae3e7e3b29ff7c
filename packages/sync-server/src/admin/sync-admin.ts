import type { SqlClient } from "@linksync/shortener/database";
import { ConnectionAccounts } from "../accounts/connection-accounts";
import type { WorkerPorts } from "../worker/database-run";
import { serverSecretNames } from "../worker/server-databases";
import { openServerPorts } from "../worker/server-ports";

/** One server database as the admin listing shows it. */
export interface ServerSyncListing {
  readonly connectionId: string;
  /** The server account the connection belongs to; null for a connection made before accounts (see `sync own`). */
  readonly accountId: string | null;
  readonly workspaceName: string;
  readonly connectionStatus: string;
  /** `proved`, `awaiting confirmation` (handshakes received, none proved yet) or `none`. */
  readonly webhook: "proved" | "awaiting confirmation" | "none";
  readonly databaseId: string | null;
  readonly title: string | null;
  readonly lastSyncAt: string | null;
  /** `ok`, `never synced`, or the pause's reason and sentence. */
  readonly state: string;
  /** Unsettled writes in the database's outbox. */
  readonly pendingWrites: number;
  /** Rows Notion's webhooks named that no run has synced yet. */
  readonly waitingRows: number;
}

/** Every connection and its databases, with their last run and state (a connection without databases listed once). */
export async function listServerSync(ports: WorkerPorts): Promise<ServerSyncListing[]> {
  const counts = async (sqlText: string) => {
    const { rows } = await ports.sql.query<{ key: string; n: number }>(sqlText);
    return new Map(rows.map((row) => [row.key, row.n]));
  };
  const writes = await counts("SELECT scope AS key, count(*)::int AS n FROM sync_outbox GROUP BY scope");
  const waiting = await counts(
    "SELECT database_id AS key, count(*)::int AS n FROM sync_pending_rows GROUP BY database_id",
  );
  const { rows: owned } = await ports.sql.query<{ id: string; account_id: string | null }>(
    "SELECT id, account_id FROM sync_connections",
  );
  const owners = new Map(owned.map((row) => [row.id, row.account_id]));
  const listing: ServerSyncListing[] = [];
  for (const connection of await ports.store.listConnections()) {
    const webhook = (await ports.vault.has(serverSecretNames.notionWebhook(connection.id)))
      ? "proved"
      : (await ports.vault.has(serverSecretNames.notionWebhookCandidates(connection.id)))
        ? "awaiting confirmation"
        : "none";
    const base = {
      connectionId: connection.id,
      accountId: owners.get(connection.id) ?? null,
      workspaceName: connection.workspaceName,
      connectionStatus: connection.status,
      webhook,
    } as const;
    const databases = await ports.databases.ofConnection(connection.id);
    if (databases.length === 0) {
      listing.push({
        ...base,
        databaseId: null,
        title: null,
        lastSyncAt: null,
        state: "no databases",
        pendingWrites: 0,
        waitingRows: 0,
      });
    }
    for (const database of databases) {
      const state = await ports.store.getDatabase({
        connectionId: connection.id,
        dataSourceId: database.dataSourceId,
      });
      listing.push({
        ...base,
        databaseId: database.id,
        title: state?.title ?? database.title,
        lastSyncAt: state?.lastSyncAt ?? null,
        state: state?.paused
          ? `paused (${state.paused.reason}): ${state.paused.message}`
          : state?.lastSyncAt === undefined
            ? "never synced"
            : "ok",
        pendingWrites: writes.get(`${connection.id}/${database.dataSourceId}`) ?? 0,
        waitingRows: waiting.get(database.id) ?? 0,
      });
    }
  }
  return listing;
}

export interface SyncAdminCommandOptions {
  readonly sql: SqlClient;
  readonly env: NodeJS.ProcessEnv;
  readonly args: readonly string[];
  readonly log: (line: string) => void;
}

export const SYNC_ADMIN_USAGE = `  linksync-server sync list                    connections and databases: account, last run, state, writes waiting
  linksync-server sync own <conn> <account>    ties a connection (and all it syncs) to a server account
  linksync-server sync webhook-token <conn>    the token Notion's handshake sent, to paste into Notion's dashboard`;

/**
 * `linksync-server sync …`: what the workers are doing, for an operator. Reads the sealed webhook tokens, so it needs
 * LINKSYNC_SHORTENER_SECRETS_KEY like the workers. Answers the exit code.
 */
export async function runSyncAdminCommand(options: SyncAdminCommandOptions): Promise<number> {
  const serverSecret = options.env.LINKSYNC_SHORTENER_SECRETS_KEY ?? "";
  if (serverSecret.trim() === "") {
    options.log(
      "LINKSYNC_SHORTENER_SECRETS_KEY is not set: it is needed to read the connections' sealed values.",
    );
    return 2;
  }
  const ports = await openServerPorts(options.sql, {
    serverSecret,
    onError: (error) => options.log(`linksync-server sync: ${String(error)}`),
  });
  const [command, connectionId] = options.args;
  if (command === "list") {
    const listing = await listServerSync(ports);
    options.log(
      [
        "connection",
        "account",
        "status",
        "webhook",
        "database",
        "title",
        "last run",
        "state",
        "writes",
        "rows",
      ].join("\t"),
    );
    for (const row of listing) {
      options.log(
        [
          `${row.connectionId} (${row.workspaceName})`,
          row.accountId ?? "(none: see sync own)",
          row.connectionStatus,
          row.webhook,
          row.databaseId ?? "-",
          row.title ?? "-",
          row.lastSyncAt ?? "never",
          row.state,
          row.pendingWrites,
          row.waitingRows,
        ].join("\t"),
      );
    }
    return 0;
  }
  if (command === "own" && connectionId !== undefined && options.args[2] !== undefined) {
    const accountId = options.args[2];
    const { rows } = await ports.sql.query("SELECT id FROM accounts WHERE id = $1", [accountId]);
    if (rows.length === 0) {
      options.log(
        `No account ${accountId} on this server (create it: linksync-server accounts add ${accountId}).`,
      );
      return 1;
    }
    if (!(await new ConnectionAccounts(ports.sql).assign(connectionId, accountId))) {
      options.log(`No connection ${connectionId} on this server (see: linksync-server sync list).`);
      return 1;
    }
    options.log(`Connection ${connectionId} and its databases now belong to account ${accountId}.`);
    return 0;
  }
  if (command === "webhook-token" && connectionId !== undefined) {
    if ((await ports.store.getConnection(connectionId)) === null) {
      options.log(`No connection ${connectionId} on this server (see: linksync-server sync list).`);
      return 1;
    }
    if (await ports.vault.has(serverSecretNames.notionWebhook(connectionId))) {
      options.log(
        `The webhook subscription of ${connectionId} is verified: Notion's signed deliveries proved its token.`,
      );
      return 0;
    }
    const stored = await ports.vault.get(serverSecretNames.notionWebhookCandidates(connectionId));
    const candidates: unknown = stored === null ? [] : JSON.parse(stored);
    if (!Array.isArray(candidates) || candidates.length === 0) {
      options.log(
        `No handshake reached /notion/webhooks/${connectionId} yet: create the subscription in Notion with that URL.`,
      );
      return 1;
    }
    options.log(
      `Handshakes received for ${connectionId}, newest last; paste the one Notion shows into its dashboard (the first signed delivery then proves it):`,
    );
    for (const token of candidates) options.log(String(token));
    return 0;
  }
  options.log(`Usage:\n${SYNC_ADMIN_USAGE}`);
  return 2;
}
