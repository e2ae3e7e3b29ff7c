import type { ConflictRecord } from "../agent/agent-api";
import type { AuditEntry } from "../audit/audit-entry";
import { ProviderError } from "../providers/link-provider";
import { errorForStatus } from "../providers/linksync-shortener/http-errors";
import {
  type DataSourceRunnerAnswer,
  SERVER_SYNC_PATHS,
  type ServerAttachRequest,
  type ServerAuditAnswer,
  type ServerConflictsAnswer,
  type ServerConnectAnswer,
  type ServerConnectRequest,
  type ServerDatabasesAnswer,
  type ServerDatabaseView,
  type SyncNowAnswer,
} from "./server-sync-api";

export interface ServerSyncClientOptions {
  /** The Linksync Server (the link provider's address), e.g. `https://go.acme.com`. */
  readonly baseUrl: string;
  /** An account's API key (the one the server issued for links); never sent anywhere else, never in errors. */
  readonly apiKey: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * The Linksync Server's sync API for one account (`SERVER_SYNC_PATHS`): what the desktop shows and controls of a
 * server-run database, and what a laptop agent asks before it runs one. Refusals are `ProviderError`s, as the link
 * API's are (`unauthorized`, `not_found`, `unavailable`…).
 */
export class ServerSyncClient {
  constructor(private readonly options: ServerSyncClientOptions) {}

  connect(input: ServerConnectRequest): Promise<ServerConnectAnswer> {
    return this.call("POST", SERVER_SYNC_PATHS.connections, input);
  }

  /** The server runs the data source from now on (a first run is queued); the same database when it already does. */
  attach(input: ServerAttachRequest): Promise<ServerDatabaseView> {
    return this.call("POST", SERVER_SYNC_PATHS.databases, input);
  }

  /** The server stops running the database; a laptop agent may attach it again without being told to. */
  async handBack(id: string): Promise<void> {
    await this.call("DELETE", pathOf(SERVER_SYNC_PATHS.database, id));
  }

  async databases(): Promise<readonly ServerDatabaseView[]> {
    return (await this.call<ServerDatabasesAnswer>("GET", SERVER_SYNC_PATHS.databases)).databases;
  }

  database(id: string): Promise<ServerDatabaseView> {
    return this.call("GET", pathOf(SERVER_SYNC_PATHS.database, id));
  }

  syncNow(id: string): Promise<SyncNowAnswer> {
    return this.call("POST", pathOf(SERVER_SYNC_PATHS.syncNow, id));
  }

  async audit(id: string, limit = 100): Promise<readonly AuditEntry[]> {
    const path = `${pathOf(SERVER_SYNC_PATHS.audit, id)}?limit=${limit}`;
    return (await this.call<ServerAuditAnswer>("GET", path)).entries;
  }

  async conflicts(databaseId?: string): Promise<readonly ConflictRecord[]> {
    const query = databaseId === undefined ? "" : `?database=${encodeURIComponent(databaseId)}`;
    return (await this.call<ServerConflictsAnswer>("GET", `${SERVER_SYNC_PATHS.conflicts}${query}`))
      .conflicts;
  }

  async acknowledgeConflict(conflictId: string): Promise<void> {
    await this.call("POST", pathOf(SERVER_SYNC_PATHS.acknowledge, conflictId));
  }

  whoRuns(dataSourceId: string): Promise<DataSourceRunnerAnswer> {
    return this.call("GET", pathOf(SERVER_SYNC_PATHS.dataSource, dataSourceId));
  }

  private async call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: object): Promise<T> {
    const base = this.options.baseUrl.replace(/\/+$/, "");
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.options.apiKey}`,
          Accept: "application/json",
          ...(body !== undefined && { "Content-Type": "application/json" }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProviderError(
        "unavailable",
        `The Linksync Server at ${base} could not be reached (${reason}).`,
      );
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      throw errorForStatus(response.status, answer, response.headers.get("retry-after"), Date.now());
    }
    return answer as T;
  }
}

function pathOf(pattern: string, id: string): string {
  return pattern.replace(":id", encodeURIComponent(id));
}
