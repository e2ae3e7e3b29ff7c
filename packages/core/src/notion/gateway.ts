import {
  Client,
  type CommentObjectResponse,
  type CreateCommentParameters,
  type CreateCommentResponse,
  type CreateDatabaseParameters,
  type CreatePageParameters,
  type DatabaseObjectResponse,
  type DataSourceObjectResponse,
  type GetSelfResponse,
  isFullDatabase,
  isFullDataSource,
  isFullPage,
  iteratePaginatedAPI,
  LogLevel,
  type PageObjectResponse,
  type QueryDataSourceParameters,
  type SearchParameters,
  type SearchResponse,
  type UpdateDataSourceParameters,
  type UpdatePageParameters,
} from "@notionhq/client";
import { type Clock, systemClock } from "../clock/clock";
import type { EventBus } from "../events/events";
import {
  type RequestPriority,
  RequestScheduler,
  type SchedulerStatus,
  type SchedulerTuning,
} from "../scheduling/request-scheduler";
import { NotionError, notionFailureVerdict, toNotionError } from "./notion-error";

/**
 * The Notion API version every request names (`Notion-Version`), pinned so a new SDK default never changes the
 * shapes the engine reads. 2026-03-11: the newest version whose shapes the SDK's types describe and the sandbox
 * models with recordings behind it (`in_trash` only, no `archived`). The engine already passes `filter_properties`
 * on every query and page read, which is what 2026-12-01 requires (it returns only the title otherwise), so that
 * upgrade is: bump this constant, run the scenario suite against the sandbox under the new version, then one
 * smoke run against a real workspace (docs/notion-version.md).
 */
export const NOTION_VERSION = "2026-03-11";

/**
 * Notion answers 503 after at most 60 s of work; a request still silent a little after that is lost. Each attempt
 * gets 65 s before the scheduler counts it as a timeout and retries.
 */
export const ATTEMPT_TIMEOUT_MS = 65_000;

/**
 * Every Notion endpoint Linksync calls, as data. `retrySafe: false` marks requests that create something: they are
 * not repeated when a first attempt may have landed, so no page, comment or database is ever created twice.
 */
const ENDPOINTS = {
  "dataSources.retrieve": { retrySafe: true },
  "dataSources.update": { retrySafe: true },
  "dataSources.query": { retrySafe: true },
  "databases.retrieve": { retrySafe: true },
  "databases.create": { retrySafe: false },
  "pages.create": { retrySafe: false },
  "pages.retrieve": { retrySafe: true },
  "pages.update": { retrySafe: true },
  "comments.create": { retrySafe: false },
  "comments.list": { retrySafe: true },
  // An upload created twice leaves an unused pending upload, which Notion expires: harmless.
  "fileUploads.create": { retrySafe: true },
  "fileUploads.send": { retrySafe: false },
  "fileUploads.retrieve": { retrySafe: true },
  search: { retrySafe: true },
  "users.me": { retrySafe: true },
} as const satisfies Record<string, { readonly retrySafe: boolean }>;

export type NotionEndpoint = keyof typeof ENDPOINTS;
export const NOTION_ENDPOINTS = Object.keys(ENDPOINTS) as NotionEndpoint[];

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
}

export interface CallOptions {
  /** Default `sync`. */
  readonly priority?: RequestPriority;
  readonly signal?: AbortSignal;
}

export interface DataSourceQueryInput {
  readonly dataSourceId: string;
  readonly filter?: QueryDataSourceParameters["filter"];
  readonly sorts?: QueryDataSourceParameters["sorts"];
  /**
   * Property ids to return; the others are left out of each page (fewer bytes, same request count). Required in
   * practice: from Notion-Version 2026-12-01 a query without it returns the title only.
   */
  readonly filterProperties?: readonly string[];
  /** Default and maximum 100. */
  readonly pageSize?: number;
}

/**
 * The rows of a data source, fetched 100 at a time as the caller iterates, each request scheduled. Notion stops a
 * query at about 10,000 rows and says so in `request_status`: `completeness` is then `incomplete` and the caller
 * must re-query with a narrower filter (a later `last_edited_time`, say) to see the rest.
 */
export interface DataSourceQuery extends AsyncIterable<PageObjectResponse> {
  readonly completeness: "pending" | "complete" | "incomplete";
}

export interface FileToUpload {
  readonly filename: string;
  /** e.g. `image/png`. */
  readonly contentType: string;
  readonly data: Uint8Array;
}

export interface UploadedFile {
  readonly id: string;
  /** Put this in a files property (or a block) to attach the upload. */
  readonly attachment: { readonly type: "file_upload"; readonly file_upload: { readonly id: string } };
}

export type SearchResult = SearchResponse["results"][number];

export interface NotionGateway {
  readonly connectionId: string;
  /**
   * True once Notion answered 401: every later call fails with `unauthorized` without a request. Callers stop the
   * connection, wipe the token and emit `connection.revoked`; a new gateway is made on reconnect.
   */
  readonly revoked: boolean;
  /** This connection's scheduler: `status()`, `onStatus()`, `stats()`, `pending()`. */
  readonly scheduler: RequestScheduler;
  retrieveDataSource(dataSourceId: string, options?: CallOptions): Promise<DataSourceObjectResponse>;
  updateDataSource(
    params: UpdateDataSourceParameters,
    options?: CallOptions,
  ): Promise<DataSourceObjectResponse>;
  retrieveDatabase(databaseId: string, options?: CallOptions): Promise<DatabaseObjectResponse>;
  /** A new database under `parent` (a page), its columns given by `initial_data_source.properties`. */
  createDatabase(params: CreateDatabaseParameters, options?: CallOptions): Promise<DatabaseObjectResponse>;
  queryDataSource(input: DataSourceQueryInput, options?: CallOptions): DataSourceQuery;
  createPage(params: CreatePageParameters, options?: CallOptions): Promise<PageObjectResponse>;
  /** `filterProperties`: the property ids to return (every property when absent). */
  retrievePage(
    pageId: string,
    options?: CallOptions & { readonly filterProperties?: readonly string[] },
  ): Promise<PageObjectResponse>;
  updatePage(params: UpdatePageParameters, options?: CallOptions): Promise<PageObjectResponse>;
  createComment(params: CreateCommentParameters, options?: CallOptions): Promise<CreateCommentResponse>;
  /** All comments on a page or block, oldest first. */
  listComments(blockId: string, options?: CallOptions): Promise<CommentObjectResponse[]>;
  /** Uploads bytes with the File Upload API (create, then send); attach the result within an hour. */
  uploadFile(file: FileToUpload, options?: CallOptions): Promise<UploadedFile>;
  search(params: SearchParameters, options?: CallOptions): AsyncIterable<SearchResult>;
  /** The integration's bot user (and its workspace name): the cheapest way to check a token. */
  me(options?: CallOptions): Promise<GetSelfResponse>;
  /**
   * Notion's clock now, as its latest answer's `Date` header tells it (to the second), carried forward on this
   * gateway's clock; `null` before any answer. Watermarks come from here, never from the local clock.
   */
  serverTime(): string | null;
  /** HTTP requests sent per endpoint, retries included: the benchmarks' "requests per row". */
  requestCounts(): Readonly<Record<NotionEndpoint, number>>;
  totalRequests(): number;
}

export function createNotionGateway(options: NotionGatewayOptions): NotionGateway {
  const clock = options.clock ?? systemClock;
  const connectionId = options.connectionId ?? "notion";
  const secrets = [options.auth];
  /** Notion's clock minus ours, from the `Date` header of the latest answer. */
  let serverOffsetMs: number | null = null;
  const fetchRecordingDate: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
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
  /** Set by the first 401: a dead token is never sent again, every later call fails at once with the same error. */
  let revoked: NotionError | null = null;

  async function call<T>(
    endpoint: NotionEndpoint,
    callOptions: CallOptions | undefined,
    run: () => Promise<T>,
    pageId?: string,
  ): Promise<T> {
    const { retrySafe } = ENDPOINTS[endpoint];
    const signal = callOptions?.signal;
    try {
      return await scheduler.schedule(
        callOptions?.priority ?? "sync",
        () => {
          if (revoked) throw revoked;
          counts[endpoint]++;
          return run();
        },
        {
          ...(signal ? { signal } : {}),
          ...(retrySafe
            ? {}
            : { classify: (error: unknown) => notionFailureVerdict(error, clock.now(), false) }),
        },
      );
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error;
      const failure = toNotionError(error, { endpoint, secrets, retrySafe, ...(pageId ? { pageId } : {}) });
      if (failure.code === "unauthorized") revoked ??= failure;
      throw failure;
    }
  }

  function malformed(endpoint: NotionEndpoint, what: string): NotionError {
    return new NotionError(
      "malformed_response",
      `Notion's answer to ${endpoint} is not a full ${what}. Nothing was written from it; try again later.`,
      { endpoint },
    );
  }

  async function full<T, F extends T>(
    endpoint: NotionEndpoint,
    what: string,
    response: Promise<T>,
    isFull: (value: T) => value is F,
  ): Promise<F> {
    const value = await response;
    if (!isFull(value)) throw malformed(endpoint, what);
    return value;
  }

  function queryDataSource(input: DataSourceQueryInput, callOptions?: CallOptions): DataSourceQuery {
    let completeness: DataSourceQuery["completeness"] = "pending";
    const fetchPage = async (args: QueryDataSourceParameters) => {
      const response = await call("dataSources.query", callOptions, () => client.dataSources.query(args));
      if (response.request_status?.type === "incomplete") completeness = "incomplete";
      return response;
    };
    const firstPage: QueryDataSourceParameters = {
      data_source_id: input.dataSourceId,
      page_size: Math.min(100, input.pageSize ?? 100),
      ...(input.filter ? { filter: input.filter } : {}),
      ...(input.sorts ? { sorts: input.sorts } : {}),
      ...(input.filterProperties ? { filter_properties: [...input.filterProperties] } : {}),
    };
    async function* rows(): AsyncGenerator<PageObjectResponse> {
      for await (const result of iteratePaginatedAPI(fetchPage, firstPage)) {
        if (isFullPage(result)) yield result;
        // Wiki data sources may list child data sources: they are not rows. A partial page is a broken answer.
        else if (result.object === "page") throw malformed("dataSources.query", "page");
      }
      if (completeness === "pending") completeness = "complete";
    }
    return {
      [Symbol.asyncIterator]: rows,
      get completeness() {
        return completeness;
      },
    };
  }

  async function uploadFile(file: FileToUpload, callOptions?: CallOptions): Promise<UploadedFile> {
    const upload = await call("fileUploads.create", callOptions, () =>
      client.fileUploads.create({
        mode: "single_part",
        filename: file.filename,
        content_type: file.contentType,
      }),
    );
    const send = () =>
      call("fileUploads.send", callOptions, () =>
        client.fileUploads.send({
          file_upload_id: upload.id,
          file: {
            filename: file.filename,
            data: new Blob([new Uint8Array(file.data)], { type: file.contentType }),
          },
        }),
      );
    const sent = await send().catch(async (error: unknown) => {
      // The bytes may have arrived before the connection broke: ask Notion rather than guess.
      if (!(error instanceof NotionError && error.details.outcomeUnknown)) throw error;
      const state = await call("fileUploads.retrieve", callOptions, () =>
        client.fileUploads.retrieve({ file_upload_id: upload.id }),
      );
      return state.status === "uploaded" ? state : send();
    });
    if (sent.status !== "uploaded") throw malformed("fileUploads.send", "uploaded file");
    return { id: sent.id, attachment: { type: "file_upload", file_upload: { id: sent.id } } };
  }

  return {
    connectionId,
    get revoked() {
      return revoked !== null;
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
    queryDataSource,
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
    uploadFile,
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

/** Turns scheduler status changes into this connection's events. */
function reportStatus(
  scheduler: RequestScheduler,
  events: EventBus,
  connectionId: string,
  clock: Clock,
): void {
  scheduler.onStatus((status: SchedulerStatus, previous: SchedulerStatus) => {
    const at = new Date(clock.now()).toISOString();
    if (status.state === "throttled" && previous.state !== "throttled") {
      events.emit("sync.throttled", { connectionId, retryAfterMs: status.retryAfterMs, at });
    }
    if (status.state === "offline" && previous.state !== "offline") {
      events.emit("sync.offline", { connectionId, pending: scheduler.pending(), at });
    }
    if (previous.state === "offline" && status.state !== "offline") {
      events.emit("sync.online", { connectionId, at });
    }
  });
}
