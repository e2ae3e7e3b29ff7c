import {
  type ChangeSource,
  type CreateLinkInput,
  type Link,
  type LinkChangesPage,
  type LinkPatch,
  type LinkProvider,
  ProviderError,
  type ProviderEvent,
  type UpdateOptions,
} from "../link-provider";
import { errorForStatus } from "./http-errors";
import { parseClickCounts, parseFeedPage, parseLink, parseLinkList } from "./responses";

export interface LinksyncShortenerOptions {
  /** Where the shortener's API listens, e.g. `http://127.0.0.1:8787` (not the branded short-link domain). */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** A request taking longer fails as `unavailable`. Default 15 s. */
  readonly timeoutMs?: number;
}

export const LINKSYNC_SHORTENER_KIND = "linksync-shortener";
/** Feed page size asked of the server (its maximum is 1000). */
const FEED_PAGE_SIZE = 500;
/** Ids per `POST /api/clicks` (the server's documented maximum); they go in the body, so no URL limit applies. */
const CLICK_IDS_PER_REQUEST = 1000;
const DEFAULT_TIMEOUT_MS = 15_000;
/** Reporting an event is best effort and should not hold a sync or a Zap run for long. */
const PUBLISH_TIMEOUT_MS = 5_000;
/** The shortener refuses longer titles. */
const MAX_TITLE_LENGTH = 2000;

interface Call {
  readonly method: "GET" | "POST" | "PATCH";
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly source?: ChangeSource;
  readonly ifVersion?: string;
  readonly idempotencyKey?: string;
  /** Overrides the adapter's timeout for this call. */
  readonly timeoutMs?: number;
}

/** The adapter for packages/shortener, reached over HTTP only, like any third-party shortener. */
export function createLinksyncShortenerProvider(options: LinksyncShortenerOptions): LinkProvider {
  const request = shortenerRequester(options);
  const getLink = (id: string): Promise<Link | null> =>
    nullWhenNotFound(async () =>
      parseLink(await request({ method: "GET", path: `/api/links/${encodeURIComponent(id)}` })),
    );

  return {
    kind: LINKSYNC_SHORTENER_KIND,
    capabilities: {
      tags: true,
      customSlugs: true,
      conditionalUpdate: true,
      idempotentUpdate: true,
      changeFeed: true,
      bulkClicks: true,
      publishEvents: true,
    },

    async create(input: CreateLinkInput): Promise<Link> {
      const body = {
        destination: input.destination,
        externalId: input.idempotencyKey,
        ...(input.requestKey !== undefined && { requestKey: input.requestKey }),
        ...(input.slug !== undefined && { slug: input.slug }),
        ...(input.tags !== undefined && { tags: input.tags }),
        // The title is only a label on the shortener; a long Notion title must not block the link.
        ...(input.title !== undefined &&
          input.title !== "" && { title: input.title.slice(0, MAX_TITLE_LENGTH) }),
      };
      return parseLink(
        await request({ method: "POST", path: "/api/links", body, source: input.source ?? "linksync" }),
      );
    },

    async update(id: string, patch: LinkPatch, updateOptions: UpdateOptions = {}): Promise<Link> {
      if (patch.destination === undefined && patch.tags === undefined) {
        const link = await getLink(id);
        if (!link) throw new ProviderError("not_found", `No link has id "${id}" on the shortener.`);
        return link;
      }
      const body = {
        ...(patch.destination !== undefined && { destination: patch.destination }),
        ...(patch.tags !== undefined && { tags: patch.tags }),
      };
      return parseLink(
        await request({
          method: "PATCH",
          path: `/api/links/${encodeURIComponent(id)}`,
          body,
          source: updateOptions.source ?? "linksync",
          ...(updateOptions.ifVersion !== undefined && { ifVersion: updateOptions.ifVersion }),
          ...(updateOptions.idempotencyKey !== undefined && { idempotencyKey: updateOptions.idempotencyKey }),
        }),
      );
    },

    get: getLink,

    async findByIdempotencyKey(key: string): Promise<Link | null> {
      const links = parseLinkList(
        await request({ method: "GET", path: "/api/links", query: { external_id: key } }),
      );
      return links[0] ?? null;
    },

    async findByRequestKey(key: string): Promise<Link | null> {
      const links = parseLinkList(
        await request({ method: "GET", path: "/api/links", query: { request_key: key } }),
      );
      return links[0] ?? null;
    },

    /** Follows the feed to its end; a link edited while paging shows once, at its latest change. */
    async changesSince(cursor: string | null): Promise<LinkChangesPage> {
      const latest = new Map<string, Link>();
      let position = cursor ?? "";
      for (;;) {
        const page = parseFeedPage(
          await request({
            method: "GET",
            path: "/api/links",
            query: { updated_since: position, limit: String(FEED_PAGE_SIZE) },
          }),
        );
        for (const link of page.links) {
          latest.delete(link.id);
          latest.set(link.id, link);
        }
        if (page.hasMore && (page.cursor === position || page.links.length === 0)) {
          throw new ProviderError(
            "malformed_response",
            "The shortener's change feed did not advance; check that the base URL points to a Linksync shortener.",
          );
        }
        position = page.cursor;
        if (!page.hasMore) return { links: [...latest.values()], cursor: position };
      }
    },

    async clicks(ids: readonly string[]): Promise<ReadonlyMap<string, number>> {
      const counts = new Map<string, number>();
      const unique = [...new Set(ids)];
      for (let start = 0; start < unique.length; start += CLICK_IDS_PER_REQUEST) {
        const batch = unique.slice(start, start + CLICK_IDS_PER_REQUEST);
        const answer = await request({ method: "POST", path: "/api/clicks", body: { ids: batch } });
        for (const [id, count] of parseClickCounts(answer)) counts.set(id, count);
      }
      return counts;
    },

    /** `POST /api/events`: the shortener fans the event out to its subscribers, once per conflict id. */
    async publishEvent(event: ProviderEvent): Promise<void> {
      await request({
        method: "POST",
        path: "/api/events",
        body: { type: event.type, data: event.data },
        timeoutMs: Math.min(PUBLISH_TIMEOUT_MS, options.timeoutMs ?? PUBLISH_TIMEOUT_MS),
      });
    },
  };
}

/** The one path every call takes: build the request, send it with a timeout, map failures, parse JSON. */
function shortenerRequester(options: LinksyncShortenerOptions): (call: Call) => Promise<unknown> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async (call) => {
    const url = `${baseUrl}${call.path}${call.query ? `?${new URLSearchParams(call.query)}` : ""}`;
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: "application/json",
          ...(call.body !== undefined && { "content-type": "application/json" }),
          ...(call.source !== undefined && { "x-linksync-source": call.source }),
          ...(call.ifVersion !== undefined && { "if-match": `"${call.ifVersion}"` }),
          ...(call.idempotencyKey !== undefined && { "idempotency-key": call.idempotencyKey }),
        },
        ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(call.timeoutMs ?? timeoutMs),
      });
    } catch (error) {
      throw new ProviderError(
        "unavailable",
        `Could not reach the shortener at ${baseUrl} (${describeFailure(error)}); Linksync will retry.`,
      );
    }
    const body = await readJson(response);
    if (!response.ok)
      throw errorForStatus(response.status, body, response.headers.get("retry-after"), Date.now());
    if (body === undefined) {
      throw new ProviderError(
        "malformed_response",
        `The shortener answered ${call.method} ${call.path} without JSON.`,
      );
    }
    return body;
  };
}

/** The parsed body, or undefined when there is none or it is not JSON (an error status still maps by code). */
async function readJson(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new ProviderError(
      "unavailable",
      `The connection to the shortener broke while reading its answer (${describeFailure(error)}).`,
    );
  }
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function nullWhenNotFound<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProviderError && error.code === "not_found") return null;
    throw error;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
