import {
  type ConflictRecord,
  type DataSourceRunnerAnswer,
  SERVER_SYNC_PATHS,
  type ServerAuditAnswer,
  type ServerConflictsAnswer,
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
import { migrateSyncState } from "../database/sync-migrations";
import { DEFAULT_SYNC_TIMINGS, syncQueues } from "../worker/sync-worker";
import { AccountSync, MAX_AUDIT_ENTRIES } from "./account-sync";

export interface SyncApiOptions {
  /** The workers' run expiry (`LINKSYNC_RUN_EXPIRE_SECONDS`): the queue this API enqueues on may be created here. */
  readonly runExpireSeconds?: number;
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
      return {
        routes: syncApiRoutes(new AccountSync(sql), async (databaseId) => {
          const id = await (await jobs()).enqueue(queues.database, { databaseId }, { key: databaseId });
          return id !== null;
        }),
        close: async () => {
          if (queue) await (await queue).stop();
        },
      };
    },
  };
}

/** The routes, declared as data over `AccountSync`; `queueRun` answers false when a run was already waiting. */
export function syncApiRoutes(
  sync: AccountSync,
  queueRun: (databaseId: string) => Promise<boolean>,
): readonly Route<object>[] {
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
