import type { PageObjectResponse, QueryDataSourceParameters } from "@notionhq/client";
import { decodeRow } from "../codec/decode-row";
import { encodeRowPatch } from "../codec/encode-row-patch";
import type { QrAttachment, RowPatch } from "../codec/row-patch";
import { mappedKeys } from "../fields/column-keys";
import type { FieldMap } from "../fields/field-map";
import type { FileUploadStatus, NotionGateway } from "../notion/gateway";
import { NotionError } from "../notion/notion-error";
import type { Row } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import type { DataSourceSchema } from "../schema/columns";
import type { NotionTable, RowBatch } from "./notion-table";

type Filter = NonNullable<QueryDataSourceParameters["filter"]>;

/** The query's filter narrowed to rows edited on or after `floor`. */
function filtered(filter: Filter | undefined, floor: string | null): { readonly filter: Filter } | null {
  if (floor === null) return filter ? { filter } : null;
  const since: Filter = { timestamp: "last_edited_time", last_edited_time: { on_or_after: floor } };
  return { filter: filter ? ({ and: [filter, since] } as Filter) : since };
}

/**
 * `NotionTable` over the connection's gateway: filters built from the column keys (property ids, so a rename in
 * Notion changes nothing here), pages decoded by the codec. Every query and page read names the mapped columns in
 * `filter_properties`: smaller answers, and required from Notion-Version 2026-12-01 (title only otherwise).
 */
export class GatewayNotionTable implements NotionTable {
  private readonly filterProperties: readonly string[];

  constructor(
    private readonly gateway: NotionGateway,
    readonly dataSourceId: string,
    private readonly fieldMap: FieldMap,
  ) {
    this.filterProperties = mappedKeys(fieldMap);
  }

  serverTime(): string | null {
    return this.gateway.serverTime();
  }

  schema(priority: RequestPriority): Promise<DataSourceSchema> {
    return this.gateway.retrieveDataSource(this.dataSourceId, { priority });
  }

  rowsNeedingLinks(priority: RequestPriority): RowBatch {
    const { destination, shortUrl, sync } = this.fieldMap;
    const conditions: Filter[] = [
      { property: destination, url: { is_not_empty: true } },
      { property: shortUrl, url: { is_empty: true } },
    ];
    if (sync !== undefined) conditions.push({ property: sync, select: { equals: "Live" } });
    const query = this.gateway.queryDataSource(
      {
        dataSourceId: this.dataSourceId,
        filter: { and: conditions } as Filter,
        filterProperties: this.filterProperties,
      },
      { priority },
    );
    const decode = (page: PageObjectResponse) => this.decode(page);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of query) yield decode(page);
      },
      get complete() {
        return query.completeness === "complete";
      },
    };
  }

  rowsEditedSince(floor: string | null, priority: RequestPriority): AsyncIterable<Row> {
    const filter: Filter | undefined =
      floor === null
        ? undefined
        : { timestamp: "last_edited_time", last_edited_time: { on_or_after: floor } };
    return this.rows(filter, priority);
  }

  async row(pageId: string, priority: RequestPriority): Promise<Row | null> {
    try {
      return this.decode(
        await this.gateway.retrievePage(pageId, { priority, filterProperties: this.filterProperties }),
      );
    } catch (error) {
      if (error instanceof NotionError && error.code === "object_not_found") return null;
      throw error;
    }
  }

  async write(pageId: string, patch: RowPatch, priority: RequestPriority): Promise<void> {
    await this.gateway.updatePage(
      { page_id: pageId, properties: encodeRowPatch(patch, this.fieldMap) },
      { priority },
    );
  }

  async uploadPng(fileName: string, png: Uint8Array, priority: RequestPriority): Promise<QrAttachment> {
    const uploaded = await this.gateway.uploadFile(
      { filename: fileName, contentType: "image/png", data: png },
      { priority },
    );
    return { fileUploadId: uploaded.id, fileName };
  }

  async importImage(fileName: string, url: string, priority: RequestPriority): Promise<string> {
    return (await this.gateway.importFile({ filename: fileName, url }, { priority })).id;
  }

  uploadStatuses(
    ids: readonly string[],
    priority: RequestPriority,
  ): Promise<ReadonlyMap<string, FileUploadStatus>> {
    return this.gateway.fileUploadStatuses(ids, { priority });
  }

  /**
   * Pages through a query oldest edit first. Notion stops a query at about 10,000 rows (`incomplete`): the query is
   * then asked again from the last `last_edited_time` seen, rows already yielded skipped, until it completes.
   */
  private async *rows(filter: Filter | undefined, priority: RequestPriority): AsyncGenerator<Row> {
    const seen = new Set<string>();
    let floor: string | null = null;
    for (;;) {
      const query = this.gateway.queryDataSource(
        {
          dataSourceId: this.dataSourceId,
          sorts: [{ timestamp: "last_edited_time", direction: "ascending" }],
          filterProperties: this.filterProperties,
          ...(filtered(filter, floor) ?? {}),
        },
        { priority },
      );
      let last: string | null = null;
      for await (const page of query) {
        last = page.last_edited_time;
        if (seen.has(page.id)) continue;
        seen.add(page.id);
        yield this.decode(page);
      }
      if (query.completeness !== "incomplete") return;
      if (last === null || last === floor) {
        throw new NotionError(
          "malformed_response",
          `Notion stopped listing the rows of data source ${this.dataSourceId} before the end and more than a query's worth share one edit time. Try again later.`,
          { endpoint: "dataSources.query" },
        );
      }
      floor = last;
    }
  }

  private decode(page: PageObjectResponse): Row {
    return decodeRow(page, this.fieldMap);
  }
}
