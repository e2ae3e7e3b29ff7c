import { createHash } from "node:crypto";
import type { PageObjectResponse } from "@notionhq/client";
import { decodeRow } from "../codec/decode-row";
import { encodeRowPatch, type PagePropertiesRequest, richTextRequest } from "../codec/encode-row-patch";
import { NotionError } from "../notion/notion-error";
import { mintIdempotencyKey } from "../planning/idempotency-key";
import type { ChangeSource, Link } from "../providers/link-provider";
import type { Row } from "../rows/row";
import { checkDestination } from "../validation/destination";
import { checkTags } from "../validation/tags";
import { dataSourceIdOf, LINK_COLUMNS, requireMappedDataSource } from "./mapped-columns";
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
  /**
   * The request's own key. Default: derived from the data source, the destination and the title, so the same
   * input is the same request (what a retried Zap sends). See `createShortLink`.
   */
  readonly requestKey?: string;
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

/** The Notion calls creating a short link makes: the schema checked, its row found or created, the link written. */
type CreateShortLinkCalls =
  | "retrieveDataSource"
  | "queryDataSource"
  | "retrievePage"
  | "createPage"
  | "updatePage";

/**
 * Creates a Notion row with its short link. Safe to retry (Zapier does), also while Notion's query index still lags
 * the first attempt's writes:
 * - The link carries the request's key (`requestKey`) beside its row's key (`notion-page:<page id>`), with providers
 *   that keep one (`findByRequestKey`). A retry finds the link by the request key (the provider's lookup is
 *   consistent), its row by page id (a page read is consistent too), and completes what is missing; nothing is
 *   queried. A row that no longer answers the request (trashed, or its title or destination changed) passes the
 *   request on to a new row, under the next key of the chain (`nextRequestKey`).
 * - Two attempts running at once each create a row, but only one mints the request's link: the other trashes the
 *   row it created and answers the winner's.
 * - Without a link for the key (or with a provider that keeps no request key), a row with the same destination and
 *   title that already has a link is returned as it is, and a row with the same destination and no link yet gets
 *   its link (found by querying, as Notion's index has it).
 * The one window left is a crash between Notion creating the row and the provider minting its link: that row stays
 * without a link (the agent's backfill links it) and the retry creates another.
 */
export async function createShortLink(
  ctx: OperationContext<CreateShortLinkCalls>,
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
  const request: Request = {
    ...input,
    destination,
    tags,
    dataSourceId,
    filterProperties,
    requestKey: input.requestKey ?? createRequestKey(dataSourceId, destination, input.title),
  };

  const keyed = await keyedRow(ctx, request);
  if (keyed.row) return withRequestedSlug(await completeRow(ctx, keyed.row, keyed.link), input.slug);
  const requestKey = keyed.requestKey;

  const candidates = await rowsWithDestination(ctx, request);
  const done = candidates.find((row) => row.linkId !== null && row.title === input.title);
  if (done) {
    const link = await ctx.provider.get(done.linkId!);
    if (link) return withRequestedSlug({ row: done, link, outcome: "existing" }, input.slug);
  }
  const unlinked = candidates.find((row) => row.linkId === null);
  const row = unlinked ?? decodeRow(await createRow(ctx, request), ctx.fieldMap);

  const mint = (key: string | null) =>
    ctx.provider.create({
      destination,
      idempotencyKey: mintIdempotencyKey(row.pageId),
      tags,
      title: input.title,
      source: input.source ?? "linksync",
      ...(key !== null ? { requestKey: key } : {}),
      ...(input.slug ? { slug: input.slug } : {}),
    });
  let link = await mint(ctx.provider.findByRequestKey ? requestKey : null);
  if (link.externalId !== mintIdempotencyKey(row.pageId)) {
    // Another attempt of this request minted first, for the row it created: that row is the answer.
    const winner = await answeringRow(ctx, request, link);
    if (winner) {
      if (!unlinked) await ctx.notion.updatePage({ page_id: row.pageId, in_trash: true }, callOptions(ctx));
      return withRequestedSlug(await completeRow(ctx, winner, link), input.slug);
    }
    link = await mint(null);
  }
  const page = await writeLink(ctx, row.pageId, link);
  const created = {
    row: decodeRow(page, ctx.fieldMap),
    link,
    outcome: unlinked ? "minted" : "created",
  } as const;
  return withRequestedSlug(created, input.slug);
}

/** The request as the steps below need it: checked input, its data source, columns and key. */
interface Request extends CreateShortLinkInput {
  readonly destination: string;
  readonly tags: readonly string[];
  readonly dataSourceId: string;
  readonly filterProperties: readonly string[];
  readonly requestKey: string;
}

/** The default request key: the same data source, destination and title are the same request. */
export function createRequestKey(dataSourceId: string, destination: string, title: string): string {
  return `create-short-link:${digest([dataSourceId.replaceAll("-", "").toLowerCase(), destination, title])}`;
}

/** The key a request takes once the row its link was minted for no longer answers it. Same length every step. */
function nextRequestKey(requestKey: string, link: Link): string {
  return `create-short-link:${digest([requestKey, link.id])}`;
}

function digest(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * Follows the request's key chain through the provider: the first link whose row still answers the request, with
 * that row; else the first key of the chain that has no link yet (the one to mint with). Each step is a link this
 * request minted, so the chain ends.
 */
async function keyedRow(
  ctx: OperationContext<CreateShortLinkCalls>,
  request: Request,
): Promise<{ readonly row: Row; readonly link: Link } | { readonly row: null; readonly requestKey: string }> {
  const find = ctx.provider.findByRequestKey?.bind(ctx.provider);
  let requestKey = request.requestKey;
  for (;;) {
    const link = find ? await find(requestKey) : null;
    if (!link) return { row: null, requestKey };
    const row = await answeringRow(ctx, request, link);
    if (row) return { row, link };
    requestKey = nextRequestKey(requestKey, link);
  }
}

/**
 * The row `link` was minted for, read by page id, when it still answers the request: in the data source, not in
 * the trash, the same title and destination, and no other link.
 */
async function answeringRow(
  ctx: OperationContext<CreateShortLinkCalls>,
  request: Request,
  link: Link,
): Promise<Row | null> {
  const prefix = mintIdempotencyKey("");
  if (!link.externalId?.startsWith(prefix)) return null;
  let page: PageObjectResponse;
  try {
    page = await ctx.notion.retrievePage(link.externalId.slice(prefix.length), {
      ...callOptions(ctx),
      filterProperties: request.filterProperties,
    });
  } catch (error) {
    if (error instanceof NotionError && error.code === "object_not_found") return null;
    throw error;
  }
  const row = decodeRow(page, ctx.fieldMap);
  const answers =
    dataSourceIdOf(page) === request.dataSourceId &&
    !row.inTrash &&
    row.title === request.title &&
    row.destination === request.destination &&
    (row.linkId === null || row.linkId === link.id);
  return answers ? row : null;
}

/** A found row with its link: as it is when it has it, else with the link written (a retry that stopped half-way). */
async function completeRow(
  ctx: OperationContext<"updatePage">,
  row: Row,
  link: Link,
): Promise<CreatedShortLink> {
  if (row.linkId === link.id && row.shortUrl === link.shortUrl) return { row, link, outcome: "existing" };
  const page = await writeLink(ctx, row.pageId, link);
  return { row: decodeRow(page, ctx.fieldMap), link, outcome: "minted" };
}

function writeLink(
  ctx: OperationContext<"updatePage">,
  pageId: string,
  link: Link,
): Promise<PageObjectResponse> {
  return ctx.notion.updatePage(
    {
      page_id: pageId,
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
  ctx: OperationContext<"queryDataSource">,
  request: Request,
): Promise<Row[]> {
  const rows: Row[] = [];
  const query = ctx.notion.queryDataSource(
    {
      dataSourceId: request.dataSourceId,
      filter: { property: ctx.fieldMap.destination, url: { equals: request.destination } },
      sorts: [{ timestamp: "created_time", direction: "ascending" }],
      filterProperties: request.filterProperties,
    },
    callOptions(ctx),
  );
  for await (const page of query) rows.push(decodeRow(page, ctx.fieldMap));
  return rows.filter((row) => !row.inTrash);
}

function createRow(ctx: OperationContext<"createPage">, input: Request): Promise<PageObjectResponse> {
  const properties: PagePropertiesRequest = {
    [ctx.fieldMap.title]: { title: richTextRequest(input.title) },
    ...encodeRowPatch(
      { destination: input.destination, ...(input.tags.length > 0 ? { tags: input.tags } : {}) },
      ctx.fieldMap,
    ),
  };
  return ctx.notion.createPage(
    { parent: { type: "data_source_id", data_source_id: input.dataSourceId }, properties },
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
