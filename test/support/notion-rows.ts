import { createNotionGateway, decodeRow, defaultFieldMap, type Row } from "@linksync/core";
import type { World } from "./world";

/** Every row of the campaign database as Linksync decodes it, read straight from the sandbox. */
export async function notionRows(world: World): Promise<Map<string, Row>> {
  const gateway = createNotionGateway({
    auth: world.seed.token,
    baseUrl: world.sandbox.baseUrl,
    scheduler: { ratePerSecond: 1000, burst: 1000 },
  });
  const rows = new Map<string, Row>();
  for await (const page of gateway.queryDataSource({ dataSourceId: world.seed.dataSourceId })) {
    const row = decodeRow(page, defaultFieldMap());
    rows.set(row.pageId, row);
  }
  return rows;
}

/** The comments on a row, as plain text. */
export async function commentsOn(world: World, pageId: string): Promise<string[]> {
  const gateway = createNotionGateway({
    auth: world.seed.token,
    baseUrl: world.sandbox.baseUrl,
    scheduler: { ratePerSecond: 1000, burst: 1000 },
  });
  const comments = await gateway.listComments(pageId);
  return comments.map((c) => c.rich_text.map((t) => t.plain_text).join(""));
}
