import type { PageObjectResponse, QueryDataSourceParameters } from "@notionhq/client";
import { decodeRow } from "../codec/decode-row";
import { encodeRowPatch } from "../codec/encode-row-patch";
import type { QrAttachment, RowPatch } from "../codec/row-patch";
import type { FieldMap } from "../fields/field-map";
import type { NotionGateway } from "../notion/gateway";
import { NotionError } from "../notion/notion-error";
import type { Row } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import type { DataSourceSchema } from "../schema/columns";
import type { NotionTable } from "./notion-table";

type Filter = NonNullable<QueryDataSourceParameters["filter"]>;

/** `NotionTable` over the connection's gateway: filters built from the field map, pages decoded by the codec. */
export class GatewayNotionTable implements NotionTable {
  constructor(
    private readonly gateway: NotionGateway,
    readonly dataSourceId: string,
    private readonly fieldMap: FieldMap,
  ) {}

  schema(priority: RequestPriority): Promise<DataSourceSchema> {
    return this.gateway.retrieveDataSource(this.dataSourceId, { priority });
  }

  rowsNeedingLinks(priority: RequestPriority): AsyncIterable<Row> {
    const { destination, shortUrl, sync } = this.fieldMap;
    const conditions: Filter[] = [
      { property: destination, url: { is_not_empty: true } },
      { property: shortUrl, url: { is_empty: true } },
    ];
    if (sync !== undefined) conditions.push({ property: sync, select: { equals: "Live" } });
    return this.rows({ and: conditions } as Filter, priority);
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
      return this.decode(await this.gateway.retrievePage(pageId, { priority }));
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

  private async *rows(filter: Filter | undefined, priority: RequestPriority): AsyncGenerator<Row> {
    const query = this.gateway.queryDataSource(
      { dataSourceId: this.dataSourceId, ...(filter ? { filter } : {}) },
      { priority },
    );
    for await (const page of query) yield this.decode(page);
  }

  private decode(page: PageObjectResponse): Row {
    return decodeRow(page, this.fieldMap);
  }
}
