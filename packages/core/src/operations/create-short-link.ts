import type { PageObjectResponse } from "@notionhq/client";
import { decodeRow } from "../codec/decode-row";
import { encodeRowPatch, type PagePropertiesRequest, richTextRequest } from "../codec/encode-row-patch";
import { mintIdempotencyKey } from "../planning/idempotency-key";
import type { ChangeSource, Link } from "../providers/link-provider";
import type { Row } from "../rows/row";
import { checkDestination } from "../validation/destination";
import { checkTags } from "../validation/tags";
import { LINK_COLUMNS, requireMappedDataSource } from "./mapped-columns";
import { callOptions, nowIso, type OperationContext } from "./operation-context";
import { OperationError } from "./operation-error";

export interface CreateShortLinkInput {
  readonly destination: string;
  readonly title: string;
  readonly tags?: readonly string[];
  /** A custom slug, when the provider supports them. */
  readonly slug?: string;
  /** Who asks, recorded by providers that keep it. Default `linksync`. */
  readonly source?: ChangeSource;
}

export interface CreatedShortLink {
  /** The row as Notion holds it after the write. */
  readonly row: Row;
  readonly link: Link;
  /**
   * `created`: a new row and its link. `minted`: a link for a row that had this destination and no link yet (also
   * a retry that stopped half-way). `existing`: the row and link a previous attempt already completed.
   */
  readonly outcome: "created" | "minted" | "existing";
}

/**
 * Creates a Notion row with its short link. Safe to retry (Zapier does): a row with the same destination and title
 * that already has a link is returned as it is; a row with the same destination and no link yet gets its link; the
 * link is minted with the row's idempotency key, so whatever step a previous attempt stopped at, no second link or
 * row appears.
 */
export async function createShortLink(
  ctx: OperationContext,
  dataSourceId: string,
  input: CreateShortLinkInput,
): Promise<CreatedShortLink> {
  const destination = checkedDestination(input.destination);
  const tags = checkedTags(input.tags ?? []);
  const filterProperties = await requireMappedDataSource(ctx, dataSourceId, [
    ...LINK_COLUMNS,
    "syncedDestination",
    ...(tags.length > 0 ? (["tags"] as const) : []),
  ]);

  const candidates = await rowsWithDestination(ctx, dataSourceId, destination, filterProperties);
  const done = candidates.find((row) => row.linkId !== null && row.title === input.title);
  if (done) {
    const link = await ctx.provider.get(done.linkId!);
    if (link) return withRequestedSlug({ row: done, link, outcome: "existing" }, input.slug);
  }
  const unlinked = candidates.find((row) => row.linkId === null);
  const row =
    unlinked ?? decodeRow(await createRow(ctx, dataSourceId, { ...input, destination, tags }), ctx.fieldMap);

  const link = await ctx.provider.create({
    destination,
    idempotencyKey: mintIdempotencyKey(row.pageId),
    tags,
    title: input.title,
    source: input.source ?? "linksync",
    ...(input.slug ? { slug: input.slug } : {}),
  });
  const page = await ctx.notion.updatePage(
    {
      page_id: row.pageId,
      properties: encodeRowPatch(
        {
          shortUrl: link.shortUrl,
          linkId: link.id,
          syncedDestination: link.destination,
          lastSynced: nowIso(ctx),
        },
        ctx.fieldMap,
      ),
    },
    callOptions(ctx),
  );
  const created = {
    row: decodeRow(page, ctx.fieldMap),
    link,
    outcome: unlinked ? "minted" : "created",
  } as const;
  return withRequestedSlug(created, input.slug);
}

/**
 * A row has one link, ever, and a link keeps its slug: when the row already had a link (a retry, or a row with that
 * destination) under another slug than the one asked for, that is said, not silently returned. The row is complete
 * either way (its link written), so a retry without the slug answers it.
 */
function withRequestedSlug(result: CreatedShortLink, slug: string | undefined): CreatedShortLink {
  if (!slug || result.link.slug === slug) return result;
  throw new OperationError(
    "invalid_input",
    `The row "${result.row.title}" with this destination already has the short link ${result.link.shortUrl} (slug "${result.link.slug}"), and a link's slug is not changed. Leave Custom Slug empty to use that link, or create the link for another destination.`,
    { pageId: result.row.pageId, linkId: result.link.id, column: "shortUrl" },
  );
}

async function rowsWithDestination(
  ctx: OperationContext,
  dataSourceId: string,
  destination: string,
  filterProperties: readonly string[],
): Promise<Row[]> {
  const rows: Row[] = [];
  const query = ctx.notion.queryDataSource(
    {
      dataSourceId,
      filter: { property: ctx.fieldMap.destination, url: { equals: destination } },
      sorts: [{ timestamp: "created_time", direction: "ascending" }],
      filterProperties,
    },
    callOptions(ctx),
  );
  for await (const page of query) rows.push(decodeRow(page, ctx.fieldMap));
  return rows.filter((row) => !row.inTrash);
}

function createRow(
  ctx: OperationContext,
  dataSourceId: string,
  input: { readonly title: string; readonly destination: string; readonly tags: readonly string[] },
): Promise<PageObjectResponse> {
  const properties: PagePropertiesRequest = {
    [ctx.fieldMap.title]: { title: richTextRequest(input.title) },
    ...encodeRowPatch(
      { destination: input.destination, ...(input.tags.length > 0 ? { tags: input.tags } : {}) },
      ctx.fieldMap,
    ),
  };
  return ctx.notion.createPage(
    { parent: { type: "data_source_id", data_source_id: dataSourceId }, properties },
    callOptions(ctx),
  );
}

function checkedDestination(raw: string): string {
  const check = checkDestination(raw);
  if (!check.ok)
    throw new OperationError("invalid_destination", check.problem.message, { column: "destination" });
  return check.url;
}

export function checkedTags(tags: readonly string[]): readonly string[] {
  const check = checkTags(tags);
  const problem = check.refused[0]?.problem;
  if (problem) throw new OperationError("invalid_input", problem.message, { column: "tags" });
  return check.accepted;
}
