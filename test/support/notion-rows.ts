import { createNotionGateway, decodeRow, defaultFieldMap, type Row } from "@linksync/core";
import type { World } from "./world";

/** Every seeded row of the campaign database as Linksync decodes it, read page by page from the sandbox. */
export async function notionRows(world: World): Promise<Map<string, Row>> {
  const gateway = testGateway(world);
  const pages = await Promise.all(world.seed.pageIds.map((pageId) => gateway.retrievePage(pageId)));
  return new Map(pages.map((page) => [page.id, decodeRow(page, defaultFieldMap())]));
}

/** A page as Notion's API returns it, for what the decoded row does not show (e.g. the QR file's type and URL). */
export async function notionPage(world: World, pageId: string) {
  return testGateway(world).retrievePage(pageId);
}

/** The comments on a row, as plain text. */
export async function commentsOn(world: World, pageId: string): Promise<string[]> {
  const comments = await testGateway(world).listComments(pageId);
  return comments.map((c) => c.rich_text.map((t) => t.plain_text).join(""));
}

function testGateway(world: World) {
  return createNotionGateway({
    auth: world.seed.token,
    baseUrl: world.sandbox.baseUrl,
    scheduler: { ratePerSecond: 1000, burst: 1000 },
  });
}
