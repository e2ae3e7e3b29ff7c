import type {
  CommentObjectResponse,
  CreateCommentParameters,
  CreateCommentResponse,
  CreateDatabaseParameters,
  CreatePageParameters,
  DatabaseObjectResponse,
  DataSourceObjectResponse,
  GetSelfResponse,
  PageObjectResponse,
  QueryDataSourceParameters,
  SearchParameters,
  SearchResponse,
  UpdateDataSourceParameters,
  UpdatePageParameters,
} from "@notionhq/client";
import type { RequestPriority, RequestScheduler } from "../scheduling/request-scheduler";
import type { NotionEndpoint } from "./endpoints";

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

/** A file Notion downloads itself (File Upload API, `external_url` mode): a public https URL and its file name. */
export interface FileToImport {
  readonly filename: string;
  readonly url: string;
}

export type FileUploadStatus = "pending" | "uploaded" | "expired" | "failed";

export type SearchResult = SearchResponse["results"][number];

/** What the engine, the agent and the operations call Notion through; `createNotionGateway` implements it. */
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
  /**
   * Asks Notion to import a file from its URL (File Upload API, `external_url` mode): one request, the download
   * happens on Notion's side afterwards, so the upload stays `pending` until `fileUploadStatuses` sees it `uploaded`
   * (attach it within an hour). A URL Notion cannot reach is refused at once (`validation_error`).
   */
  importFile(file: FileToImport, options?: CallOptions): Promise<{ readonly id: string }>;
  /**
   * The status of these uploads, read from the integration's uploads listed newest first (100 per request), as
   * many pages as it takes to see them all, at most `ceil(ids / 100) + 2`; an id not seen by then is left out.
   */
  fileUploadStatuses(
    ids: readonly string[],
    options?: CallOptions,
  ): Promise<ReadonlyMap<string, FileUploadStatus>>;
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
