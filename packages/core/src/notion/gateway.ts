import {
  Client,
  type CommentObjectResponse,
  type CreateCommentParameters,
  isFullDatabase,
  isFullDataSource,
  isFullPage,
  iteratePaginatedAPI,
  LogLevel,
  type SearchParameters,
} from "@notionhq/client";
import { type Clock, systemClock } from "../clock/clock";
import type { EventBus } from "../events/events";
import { RequestScheduler, type SchedulerTuning } from "../scheduling/request-scheduler";
import { reportStatus } from "./connection-status";
import { queryDataSource } from "./data-source-query";
import { ATTEMPT_TIMEOUT_MS, NOTION_ENDPOINTS, NOTION_VERSION, type NotionEndpoint } from "./endpoints";
import { fileUploadStatuses, importFile, uploadFile } from "./file-upload";
import type { NotionGateway } from "./gateway-port";
import { notionFailureVerdict } from "./notion-error";
import { full, type GatewayAuth, scheduledCalls } from "./scheduled-call";

export { ATTEMPT_TIMEOUT_MS, NOTION_ENDPOINTS, NOTION_VERSION, type NotionEndpoint } from "./endpoints";
export type {
  CallOptions,
  DataSourceQuery,
  DataSourceQueryInput,
  FileToImport,
  FileToUpload,
  FileUploadStatus,
  NotionGateway,
  SearchResult,
  UploadedFile,
} from "./gateway-port";

export interface NotionGatewayOptions {
  /** The integration token. Kept inside the SDK client; never put in an error, event or log. */
  readonly auth: string;
  /** Defaults to https://api.notion.com; the sandbox's URL in tests and the demo. */
  readonly baseUrl?: string;
  readonly clock?: Clock;
  /** Per attempt. Default `ATTEMPT_TIMEOUT_MS` (65 s: Notion may work up to 60 s before answering 503). */
  readonly timeoutMs?: number;
  /** Default `NOTION_VERSION`; a test may name another to prove the engine under it. */
  readonly notionVersion?: string;
  readonly scheduler?: SchedulerTuning;
  /** Receives `sync.throttled`, `sync.offline` and `sync.online` for this connection. */
  readonly events?: EventBus;
  /** Names this connection in events. Default `notion`. */
  readonly connectionId?: string;
  /**
   * Renews the token after a 401 (an OAuth connection with a refresh token): the new access token, or `null` when
   * Notion refuses, which then revokes the connection. Without it every 401 is a revocation.
   */
  readonly refreshAuth?: () => Promise<string | null>;
}

/** The SDK client of one connection, every request through its scheduler (scheduled-call.ts). */
export function createNotionGateway(options: NotionGatewayOptions): NotionGateway {
  const clock = options.clock ?? systemClock;
  const connectionId = options.connectionId ?? "notion";
  /** Notion's clock minus ours, from the `Date` header of the latest answer. */
  let serverOffsetMs: number | null = null;
  const auth: GatewayAuth = { token: options.auth, generation: 0 };
  /** Sends the current token (a refresh swaps it under the SDK client) and reads Notion's clock off the answer. */
  const fetchRecordingDate: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${auth.token}`);
    const response = await fetch(input, { ...init, headers });
    const date = Date.parse(response.headers.get("date") ?? "");
    if (Number.isFinite(date)) serverOffsetMs = date - clock.now();
    return response;
  };
  const client = new Client({
    auth: options.auth,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    notionVersion: options.notionVersion ?? NOTION_VERSION,
    fetch: fetchRecordingDate,
    timeoutMs: options.timeoutMs ?? ATTEMPT_TIMEOUT_MS,
    // The scheduler owns retries; the SDK's own would multiply attempts and ignore our shared budget.
    retry: false,
    // Failures reach callers as NotionErrors and the status stream; the SDK's console warnings would only repeat them.
    logLevel: LogLevel.ERROR,
  });
  const scheduler = new RequestScheduler({
    ...options.scheduler,
    clock,
    classify: (error) => notionFailureVerdict(error, clock.now(), true),
  });
  const counts = Object.fromEntries(NOTION_ENDPOINTS.map((e) => [e, 0])) as Record<NotionEndpoint, number>;
  if (options.events) reportStatus(scheduler, options.events, connectionId, clock);
  const { call, revoked } = scheduledCalls({
    scheduler,
    clock,
    secrets: [options.auth],
    counts,
    auth,
    ...(options.refreshAuth ? { refresh: options.refreshAuth } : {}),
  });

  return {
    connectionId,
    get revoked() {
      return revoked();
    },
    scheduler,
    retrieveDataSource: (dataSourceId, o) =>
      full(
        "dataSources.retrieve",
        "data source",
        call("dataSources.retrieve", o, () => client.dataSources.retrieve({ data_source_id: dataSourceId })),
        isFullDataSource,
      ),
    updateDataSource: (params, o) =>
      full(
        "dataSources.update",
        "data source",
        call("dataSources.update", o, () => client.dataSources.update(params)),
        isFullDataSource,
      ),
    retrieveDatabase: (databaseId, o) =>
      full(
        "databases.retrieve",
        "database",
        call("databases.retrieve", o, () => client.databases.retrieve({ database_id: databaseId })),
        isFullDatabase,
      ),
    createDatabase: (params, o) =>
      full(
        "databases.create",
        "database",
        call("databases.create", o, () => client.databases.create(params)),
        isFullDatabase,
      ),
    queryDataSource: (input, o) => queryDataSource(client, call, input, o),
    createPage: (params, o) =>
      full(
        "pages.create",
        "page",
        call("pages.create", o, () => client.pages.create(params)),
        isFullPage,
      ),
    retrievePage: (pageId, o) =>
      full(
        "pages.retrieve",
        "page",
        call(
          "pages.retrieve",
          o,
          () =>
            client.pages.retrieve({
              page_id: pageId,
              ...(o?.filterProperties ? { filter_properties: [...o.filterProperties] } : {}),
            }),
          pageId,
        ),
        isFullPage,
      ),
    updatePage: (params, o) =>
      full(
        "pages.update",
        "page",
        call("pages.update", o, () => client.pages.update(params), params.page_id),
        isFullPage,
      ),
    createComment: (params, o) =>
      call("comments.create", o, () => client.comments.create(params), pageOf(params)),
    listComments: async (blockId, o) => {
      const comments: CommentObjectResponse[] = [];
      const fetchPage = (args: { block_id: string; start_cursor?: string | null }) =>
        call("comments.list", o, () => client.comments.list(args), blockId);
      for await (const comment of iteratePaginatedAPI(fetchPage, { block_id: blockId }))
        comments.push(comment);
      return comments;
    },
    uploadFile: (file, o) => uploadFile(client, call, file, o),
    importFile: (file, o) => importFile(client, call, file, o),
    fileUploadStatuses: (ids, o) => fileUploadStatuses(client, call, ids, o),
    search: (params, o) =>
      iteratePaginatedAPI((args: SearchParameters) => call("search", o, () => client.search(args)), params),
    me: (o) => call("users.me", o, () => client.users.me({})),
    serverTime: () => (serverOffsetMs === null ? null : new Date(clock.now() + serverOffsetMs).toISOString()),
    requestCounts: () => ({ ...counts }),
    totalRequests: () => NOTION_ENDPOINTS.reduce((sum, endpoint) => sum + counts[endpoint], 0),
  };
}

function pageOf(params: CreateCommentParameters): string | undefined {
  if (!("parent" in params)) return undefined;
  return "page_id" in params.parent ? params.parent.page_id : params.parent.block_id;
}
