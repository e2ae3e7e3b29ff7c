import {
  type ConflictRecord,
  type DataSourceRunnerAnswer,
  NotionError,
  SERVER_SYNC_PATHS,
  type ServerAuditAnswer,
  type ServerConflictsAnswer,
  type ServerConnectAnswer,
  type ServerDatabasesAnswer,
  type ServerDatabaseView,
  type SyncNowAnswer,
} from "@linksync/core";
import {
  type ApiExtension,
  type ApiResponse,
  JobQueue,
  type Route,
  requestAccount,
  ShortenerError,
} from "@linksync/shortener";
import type { SqlClient } from "@linksync/shortener/database";
import type { BudgetSettings } from "../budget/budget-rules";
import { migrateSyncState } from "../database/sync-migrations";
import { Gateways } from "../worker/database-run";
import { openServerPorts } from "../worker/server-ports";
import { DEFAULT_SYNC_TIMINGS, syncQueues } from "../worker/sync-worker";
import { AccountControl, type AttachRequest, type ConnectRequest } from "./account-control";
import { AccountSync, MAX_AUDIT_ENTRIES } from "./account-sync";

export interface SyncApiOptions {
  /** The workers' run expiry (`LINKSYNC_RUN_EXPIRE_SECONDS`): the queue this API enqueues on may be created here. */
  readonly runExpireSeconds?: number;
  /**
   * The server's secret (`LINKSYNC_SHORTENER_SECRETS_KEY`), as the workers have it: needed to connect a workspace
   * (its token sealed) and to attach a database (read with the connection's token) through the API; without it
   * those two answer 503 and the rest works.
   */
  readonly serverSecret?: string;
  /** Notion's API for attaching (`LINKSYNC_NOTION_API_URL`); the sandbox's in tests. */
  readonly notionBaseUrl?: string;
  /** Each connection's budget across the cluster, as the workers' (`LINKSYNC_NOTION_RATE`, `_BURST`). */
  readonly budget?: Partial<BudgetSettings>;
  /** A failure of the job queue no request sees (a lost connection). */
  readonly onError?: (error: unknown) => void;
}

/**
 * The account-scoped sync API on the Linksync Server's `/api` (`startShortener({ apiExtensions: [syncApi()] })`;
 * `linksync-server` serves it): an account's key reads and controls the server-run databases of its connections,
 * and nothing else (`AccountSync`). Paths and shapes: core's `SERVER_SYNC_PATHS`, used by `ServerSyncClient`.
 */
export function syncApi(options: SyncApiOptions = {}): ApiExtension {
  return {
    async start(sql: SqlClient) {
      await migrateSyncState(sql);
      const queues = syncQueues(options.runExpireSeconds ?? DEFAULT_SYNC_TIMINGS.runExpireSeconds);
      let queue: Promise<JobQueue> | null = null;
      // Started at the first Sync now: a server whose accounts never ask pays nothing for it.
      const jobs = (): Promise<JobQueue> => {
        queue ??= JobQueue.start(sql, {
          onError: options.onError ?? ((error) => console.error("sync API job queue:", error)),
          queues: [queues.database],
        }).catch((error: unknown) => {
          queue = null;
          throw error;
        });
        return queue;
      };
      const queueRun = async (databaseId: string) => {
        const id = await (await jobs()).enqueue(queues.database, { databaseId }, { key: databaseId });
        return id !== null;
      };
      const control = await accountControl(sql, options);
      return {
        routes: syncApiRoutes({ sync: new AccountSync(sql), queueRun, control }),
        close: async () => {
          if (queue) await (await queue).stop();
        },
      };
    },
  };
}

export interface SyncApiDeps {
  readonly sync: AccountSync;
  /** Queues a run of the database; false when one was already waiting. */
  readonly queueRun: (databaseId: string) => Promise<boolean>;
  /** Connecting and attaching through the API; null without the server's secret. */
  readonly control: AccountControl | null;
}

/** The routes, declared as data over the account's reads (`AccountSync`) and changes (`AccountControl`). */
export function syncApiRoutes({ sync, queueRun, control }: SyncApiDeps): readonly Route<object>[] {
  const controls = (): AccountControl =>
    control ??
    unavailable(
      "This server cannot connect workspaces or attach databases: start it with LINKSYNC_SHORTENER_SECRETS_KEY, as its workers.",
    );
  const ownDatabase = async (databaseId: string): Promise<ServerDatabaseView> =>
    (await sync.database(requestAccount().id, databaseId)) ?? notFound(databaseId);
  return [
    {
      method: "GET",
      path: SERVER_SYNC_PATHS.databases,
      handle: async () => ok<ServerDatabasesAnswer>({ databases: await sync.databases(requestAccount().id) }),
    },
    {
      method: "GET",
      path: SERVER_SYNC_PATHS.database,
      handle: async ({ params }) => ok(await ownDatabase(params.id!)),
    },
    {
      method: "POST",
      path: SERVER_SYNC_PATHS.connections,
      handle: async (request) => {
        const input = parseConnect(request.body);
        const apiKey = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1]?.trim() ?? "";
        const { id } = await controls().connect(requestAccount().id, apiKey, input);
        return {
          status: 201,
          body: { id, workspaceName: input.workspaceName } satisfies ServerConnectAnswer,
        };
      },
    },
    {
      method: "POST",
      path: SERVER_SYNC_PATHS.databases,
      handle: async (request) => {
        const input = parseAttach(request.body);
        const account = requestAccount().id;
        const id = await attachFailing(() => controls().attach(account, input));
        if (id === null) {
          throw new ShortenerError("not_found", `No connection ${input.connectionId} in your account.`);
        }
        await queueRun(id);
        return { status: 201, body: await ownDatabase(id) };
      },
    },
    {
      method: "DELETE",
      path: SERVER_SYNC_PATHS.database,
      handle: async ({ params }) => {
        if (!(await controls().handBack(requestAccount().id, params.id!))) notFound(params.id!);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: SERVER_SYNC_PATHS.syncNow,
      handle: async ({ params }) => {
        const database = await ownDatabase(params.id!);
        const queued = await queueRun(database.id);
        return { status: 202, body: { databaseId: database.id, queued } satisfies SyncNowAnswer };
      },
    },
    {
      method: "GET",
      path: SERVER_SYNC_PATHS.audit,
      handle: async ({ params, query }) => {
        const limit = limitParam(query.get("limit"));
        const entries = await sync.audit(requestAccount().id, params.id!, limit);
        return ok<ServerAuditAnswer>({ entries: entries ?? notFound(params.id!) });
      },
    },
    {
      method: "GET",
      path: SERVER_SYNC_PATHS.conflicts,
      handle: async ({ query }) => {
        const databaseId = query.get("database") ?? undefined;
        if (databaseId !== undefined) await ownDatabase(databaseId);
        const conflicts: ConflictRecord[] = await sync.conflicts(requestAccount().id, databaseId);
        return ok<ServerConflictsAnswer>({ conflicts });
      },
    },
    {
      method: "POST",
      path: SERVER_SYNC_PATHS.acknowledge,
      handle: async ({ params }) => {
        if (!(await sync.acknowledge(requestAccount().id, params.id!))) {
          throw new ShortenerError("not_found", `No conflict ${params.id} in your account's inbox.`);
        }
        return ok({ conflictId: params.id!, acknowledged: true });
      },
    },
    {
      method: "GET",
      path: SERVER_SYNC_PATHS.dataSource,
      handle: async ({ params }) => {
        const databases = await sync.databases(requestAccount().id, { dataSourceId: params.id! });
        return ok<DataSourceRunnerAnswer>({
          dataSourceId: params.id!,
          runBy: databases.length > 0 ? "server" : null,
          databases,
        });
      },
    },
  ];
}

async function accountControl(sql: SqlClient, options: SyncApiOptions): Promise<AccountControl | null> {
  if ((options.serverSecret ?? "").trim() === "") return null;
  const ports = await openServerPorts(sql, {
    serverSecret: options.serverSecret!,
    ...(options.notionBaseUrl !== undefined && { notionBaseUrl: options.notionBaseUrl }),
    ...(options.budget !== undefined && { budget: options.budget }),
    onError: options.onError ?? ((error) => console.error("sync API:", error)),
  });
  return new AccountControl(ports, new Gateways(ports));
}

/** Attaching reads the data source in Notion: its refusals (missing columns, a bad map, no access) say what to do. */
async function attachFailing<T>(attach: () => Promise<T>): Promise<T> {
  try {
    return await attach();
  } catch (error) {
    if (error instanceof ShortenerError) throw error;
    if (error instanceof NotionError && error.transient) {
      throw new ShortenerError("unavailable", `Notion did not answer: ${error.message}`);
    }
    throw new ShortenerError("invalid_input", error instanceof Error ? error.message : String(error));
  }
}

function parseConnect(body: unknown): ConnectRequest {
  const input = objectBody(body);
  const text = (name: string): string => {
    const value = input[name];
    if (typeof value !== "string" || value.trim() === "") {
      throw new ShortenerError("invalid_input", `${name} must be a non-empty string.`);
    }
    return value.trim();
  };
  const providerBaseUrl = text("providerBaseUrl");
  if (!/^https?:\/\//.test(providerBaseUrl)) {
    throw new ShortenerError("invalid_input", "providerBaseUrl must be this server's http(s) address.");
  }
  return {
    notionToken: text("notionToken"),
    workspaceName: text("workspaceName"),
    providerBaseUrl,
    ...(input.workspaceId !== undefined && { workspaceId: text("workspaceId") }),
  };
}

function parseAttach(body: unknown): AttachRequest {
  const input = objectBody(body);
  const { connectionId, dataSourceId, createMissingColumns } = input;
  if (typeof connectionId !== "string" || typeof dataSourceId !== "string") {
    throw new ShortenerError("invalid_input", "connectionId and dataSourceId must be strings.");
  }
  if (typeof createMissingColumns !== "boolean") {
    throw new ShortenerError(
      "invalid_input",
      "createMissingColumns must be true (consent to add the Linksync columns the data source lacks) or false.",
    );
  }
  return { connectionId, dataSourceId, createMissingColumns };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ShortenerError("invalid_input", "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

function unavailable(message: string): never {
  throw new ShortenerError("unavailable", message);
}

/** Another account's database answers exactly like a missing one. */
function notFound(databaseId: string): never {
  throw new ShortenerError(
    "not_found",
    `No server-run database ${databaseId} in your account (see GET ${SERVER_SYNC_PATHS.databases}).`,
  );
}

function ok<T>(body: T): ApiResponse {
  return { status: 200, body };
}

function limitParam(value: string | null): number {
  if (value === null) return 100;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_ENTRIES) {
    throw new ShortenerError("invalid_input", `limit must be a whole number from 1 to ${MAX_AUDIT_ENTRIES}.`);
  }
  return limit;
}
