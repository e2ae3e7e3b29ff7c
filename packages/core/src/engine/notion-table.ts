import type { QrAttachment, RowPatch } from "../codec/row-patch";
import type { FileUploadStatus } from "../notion/gateway";
import type { Row } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import type { DataSourceSchema } from "../schema/columns";

/**
 * One synced Notion data source as the engine sees it: decoded rows in, row patches out, every request through the
 * connection's scheduler at the priority the caller names. The engine's only view of Notion; `GatewayNotionTable`
 * implements it over the Notion gateway and the codec.
 */
export interface NotionTable {
  readonly dataSourceId: string;
  /** The data source's columns, for the drift check before every cycle. */
  schema(priority: RequestPriority): Promise<DataSourceSchema>;
  /**
   * Rows with a Destination and no Short URL (and Sync = Live when the column is mapped): one query, which Notion
   * may cut at about 10,000 rows. Linking them takes them out of the filter, so the caller asks again until a batch
   * is `complete`.
   */
  rowsNeedingLinks(priority: RequestPriority): RowBatch;
  /** Rows whose `last_edited_time` is on or after `floor` (every row when `floor` is null). */
  rowsEditedSince(floor: string | null, priority: RequestPriority): AsyncIterable<Row>;
  /** `null` when the page no longer exists or is not shared with the integration. */
  row(pageId: string, priority: RequestPriority): Promise<Row | null>;
  /** One page update holding every column of the patch. */
  write(pageId: string, patch: RowPatch, priority: RequestPriority): Promise<void>;
  /**
   * Notion's clock now (from its latest answer's `Date` header), `null` before any answer. The watermark comes
   * from here, never from the agent's clock.
   */
  serverTime(): string | null;
  /** Uploads a PNG with the File Upload API (create + send), ready to attach in a page update. */
  uploadPng(fileName: string, png: Uint8Array, priority: RequestPriority): Promise<QrAttachment>;
  /**
   * Has Notion import the image at `url` (File Upload API, `external_url` mode: one request); the upload id is
   * attachable once `uploadStatuses` says `uploaded`.
   */
  importImage(fileName: string, url: string, priority: RequestPriority): Promise<string>;
  /** The status of these uploads (one request per 100 recent uploads); an id Notion did not list is left out. */
  uploadStatuses(
    ids: readonly string[],
    priority: RequestPriority,
  ): Promise<ReadonlyMap<string, FileUploadStatus>>;
}

/** One query's rows; `complete` is known once iterated (false when Notion cut the query short). */
export interface RowBatch extends AsyncIterable<Row> {
  readonly complete: boolean;
}
