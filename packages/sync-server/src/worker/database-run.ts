import {
  type Clock,
  createLinksyncShortenerProvider,
  createNotionGateway,
  DEFAULT_REQUESTS_PER_SECOND,
  type EventBus,
  type NotionGateway,
} from "@linksync/core";
import {
  buildDatabaseContext,
  type RowSyncReport,
  type RunReport,
  rowsInFlightFor,
  syncDatabase,
  syncRows,
} from "@linksync/core/engine";
import { type ConnectionRecord, type DatabaseSyncState, databaseKeyId } from "@linksync/core/ports";
import type { SqlClient } from "@linksync/shortener/database";
import type { SqlAuditLog } from "../audit/sql-audit-log";
import type { BudgetSettings } from "../budget/budget-rules";
import { SqlSharedBudget } from "../budget/sql-shared-budget";
import type { SqlConflictInbox } from "../inbox/sql-conflict-inbox";
import { SqlOutbox } from "../outbox/sql-outbox";
import type { SqlSecretVault } from "../secrets/sql-secret-vault";
import type { SqlStateStore } from "../store/sql-state-store";
import { providerBaseUrlOf, type ServerDatabases, serverSecretNames } from "./server-databases";

/** What a worker process holds while it runs databases: the shared tables and one gateway per connection. */
export interface WorkerPorts {
  readonly sql: SqlClient;
  readonly store: SqlStateStore;
  readonly audit: SqlAuditLog;
  readonly inbox: SqlConflictInbox;
  readonly vault: SqlSecretVault;
  readonly databases: ServerDatabases;
  readonly events: EventBus;
  readonly clock: Clock;
  /** Notion's API; the sandbox's URL in tests. Default https://api.notion.com. */
  readonly notionBaseUrl?: string;
  /** Each connection's budget across the cluster. Default 3 requests/s. */
  readonly budget?: Partial<BudgetSettings>;
  readonly onError: (error: unknown) => void;
}

/** Clicks are refreshed when the last refresh is this old. */
const CLICKS_INTERVAL_MS = 5 * 60_000;

/**
 * Whether a run refreshes the clicks: when the last refresh (the newest point of the clicks history, written only by a
 * refresh) is 5 minutes old, so runs every minute ("Sync now", webhooks) do not postpone it forever as the last run's
 * time would.
 */
export function clicksDue(state: DatabaseSyncState | null, now: number): boolean {
  const last = state?.clicksHistory?.at(-1)?.at;
  return last === undefined || now - Date.parse(last) >= CLICKS_INTERVAL_MS;
}

/** One gateway (so one local scheduler, joined to the connection's shared budget) per connection and process. */
export class Gateways {
  private readonly byConnection = new Map<string, { token: string; gateway: NotionGateway }>();
  private readonly botIds = new Map<string, Promise<string | null>>();

  constructor(private readonly ports: WorkerPorts) {}

  async of(connection: ConnectionRecord): Promise<NotionGateway | null> {
    const token = await this.ports.vault.get(serverSecretNames.notion(connection.id));
    if (token === null) return null;
    const known = this.byConnection.get(connection.id);
    if (known?.token === token) return known.gateway;
    const budget = { ...this.ports.budget };
    const gateway = createNotionGateway({
      auth: token,
      ...(this.ports.notionBaseUrl !== undefined && { baseUrl: this.ports.notionBaseUrl }),
      clock: this.ports.clock,
      events: this.ports.events,
      connectionId: connection.id,
      scheduler: {
        ...budget,
        sharedBudget: new SqlSharedBudget(this.ports.sql, {
          connectionId: connection.id,
          settings: budget,
          onError: this.ports.onError,
        }),
      },
    });
    this.byConnection.set(connection.id, { token, gateway });
    return gateway;
  }

  /** Each connection's gateway in this process (metrics). */
  *entries(): Iterable<readonly [string, NotionGateway]> {
    for (const [connectionId, { gateway }] of this.byConnection) yield [connectionId, gateway];
  }

  /** The connection's bot user id (the author of its own writes, whose webhook echoes are dropped); asked once. */
  botIdOf(connection: ConnectionRecord): Promise<string | null> {
    let known = this.botIds.get(connection.id);
    if (known === undefined) {
      known = this.of(connection).then(async (gateway) =>
        gateway === null ? null : (await gateway.me({ priority: "interactive" })).id,
      );
      // A failed ask is asked again next time.
      known.catch(() => this.botIds.delete(connection.id));
      this.botIds.set(connection.id, known);
    }
    return known;
  }
}

/** What a run does: the whole database (the schedule, Sync now), or the rows Notion's webhooks named. */
export type ServerRunWork =
  | { readonly kind: "database" }
  | { readonly kind: "rows"; readonly pageIds: readonly string[] };

export type ServerRunOutcome =
  | { readonly kind: "ran"; readonly report: RunReport }
  | { readonly kind: "rows_synced"; readonly report: RowSyncReport }
  /** The database is gone, or its connection is not connected (revoked, disconnected, token wiped). */
  | { readonly kind: "skipped"; readonly reason: string };

/**
 * One run of a server database: the agent's `DatabaseRunner` turn, on the server's tables. The database's outbox is
 * opened for this run only (its scope is the database), which is safe because one worker runs a database at a time.
 */
export async function runServerDatabase(
  ports: WorkerPorts,
  gateways: Gateways,
  databaseId: string,
  work: ServerRunWork = { kind: "database" },
): Promise<ServerRunOutcome> {
  const database = await ports.databases.get(databaseId);
  if (database === null) return { kind: "skipped", reason: "not a server database" };
  const connection = await ports.store.getConnection(database.connectionId);
  if (connection === null || connection.status !== "connected") {
    return { kind: "skipped", reason: "its connection is not connected" };
  }
  const gateway = await gateways.of(connection);
  if (gateway === null) return { kind: "skipped", reason: "its connection has no token" };
  const key = { connectionId: database.connectionId, dataSourceId: database.dataSourceId };
  const state = await ports.store.getDatabase(key);
  const outbox = await SqlOutbox.open(ports.sql, { scope: databaseKeyId(key), clock: ports.clock });
  const ctx = buildDatabaseContext({
    databaseId: database.id,
    key,
    fieldMap: state?.fieldMap ?? null,
    columnIds: database.columnIds,
    gateway,
    provider: createLinksyncShortenerProvider({
      baseUrl: providerBaseUrlOf(connection),
      apiKey: (await ports.vault.get(serverSecretNames.provider(connection.id))) ?? "",
    }),
    store: ports.store,
    outbox,
    audit: ports.audit,
    events: ports.events,
    clock: ports.clock,
    rowsInFlight: rowsInFlightFor(ports.budget?.ratePerSecond ?? DEFAULT_REQUESTS_PER_SECOND),
    keepConflict: (event) => ports.inbox.add(event),
    qrImages: database.qrImages,
  });
  if (work.kind === "rows") {
    try {
      return { kind: "rows_synced", report: await syncRows(ctx, work.pageIds, "interactive") };
    } finally {
      await outbox.close();
    }
  }
  try {
    const report = await syncDatabase(ctx, { refreshClicks: clicksDue(state, ports.clock.now()) });
    if (report.kind === "synced") {
      await ports.store.updateDatabase(key, { lastSyncAt: new Date(ports.clock.now()).toISOString() });
    }
    return { kind: "ran", report };
  } finally {
    await outbox.close();
  }
}
