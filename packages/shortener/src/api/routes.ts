import { requestAccount } from "../accounts/request-account";
import { ShortenerError } from "../errors/shortener-error";
import { objectWithOnly, parseCreateLinkRequest, parseLinkPatchRequest } from "../links/link-input";
import type { LinkService } from "../links/link-service";
import type { LinkView } from "../links/link-view";
import type { UtmTemplates } from "../utm/utm-templates";
import { parseIdempotencyKey, parseIfMatch, parseSource, SOURCE_HEADER } from "./request-headers";
import type { ApiRequest, ApiResponse, Route } from "./router";

export interface ApiContext {
  readonly links: LinkService;
  readonly utm: UtmTemplates;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
export const MAX_CLICK_IDS = 1000;

/** Every `/api` endpoint, declared once; the server runs them through one request path. */
export const apiRoutes: readonly Route<ApiContext>[] = [
  {
    method: "POST",
    path: "/api/links",
    handle: async (request, { links }) => {
      const { link, created } = await links.create(
        requestAccount().id,
        parseCreateLinkRequest(request.body),
        sourceOf(request),
      );
      return linkResponse(link, created ? 201 : 200);
    },
  },
  {
    method: "GET",
    path: "/api/links",
    handle: async ({ query }, { links }) => {
      const externalId = query.get("external_id");
      const requestKey = query.get("request_key");
      if (externalId !== null || requestKey !== null) {
        const link =
          externalId !== null
            ? await links.findByExternalId(requestAccount().id, externalId)
            : await links.findByRequestKey(requestAccount().id, requestKey!);
        return { status: 200, body: { links: link ? [link] : [] } };
      }
      const page = await links.changes(
        requestAccount().id,
        cursorParam(query.get("updated_since")),
        limitParam(query.get("limit")),
      );
      return { status: 200, body: page };
    },
  },
  {
    method: "GET",
    path: "/api/links/:id",
    handle: async ({ params }, { links }) =>
      linkResponse(await links.get(requestAccount().id, params.id!), 200),
  },
  {
    method: "PATCH",
    path: "/api/links/:id",
    handle: async (request, { links }) => {
      const patch = parseLinkPatchRequest(request.body);
      const expectedVersion = parseIfMatch(singleHeader(request, "if-match"));
      const link = await links.update(
        requestAccount().id,
        request.params.id!,
        patch,
        sourceOf(request),
        expectedVersion,
        parseIdempotencyKey(singleHeader(request, "idempotency-key")),
      );
      return linkResponse(link, 200);
    },
  },
  {
    method: "GET",
    path: "/api/clicks",
    handle: async ({ query }, { links }) => ({
      status: 200,
      body: { clicks: await links.clickTotals(requestAccount().id, idsParam(query.get("ids"))) },
    }),
  },
  {
    // The same answer for any number of ids up to MAX_CLICK_IDS without a long query string (431 past 16 KiB).
    method: "POST",
    path: "/api/clicks",
    handle: async ({ body }, { links }) => ({
      status: 200,
      body: { clicks: await links.clickTotals(requestAccount().id, idsBody(body)) },
    }),
  },
  {
    method: "GET",
    path: "/api/utm-templates",
    handle: async (_, { utm }) => ({
      status: 200,
      body: { templates: await utm.list(requestAccount().id) },
    }),
  },
  {
    method: "POST",
    path: "/api/utm-templates",
    handle: async ({ body }, { utm }) => {
      const fields = objectWithOnly(body, ["tag", "template"]);
      if (typeof fields.template !== "string") throw invalid("template is required and must be a string.");
      if (fields.tag !== undefined && fields.tag !== null && typeof fields.tag !== "string") {
        throw invalid(
          "tag must be a string, or null (or left out) for a template that applies to every link.",
        );
      }
      const { template, created } = await utm.save(requestAccount().id, fields.tag ?? null, fields.template);
      return { status: created ? 201 : 200, body: template };
    },
  },
  {
    method: "DELETE",
    path: "/api/utm-templates/:id",
    handle: async ({ params }, { utm }) => {
      await utm.remove(requestAccount().id, params.id!);
      return { status: 204 };
    },
  },
];

function linkResponse(link: LinkView, status: number): ApiResponse {
  return { status, body: link, headers: { ETag: `"${link.version}"` } };
}

function sourceOf(request: ApiRequest): string {
  return parseSource(request.headers[SOURCE_HEADER]);
}

function singleHeader(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function cursorParam(value: string | null): number {
  if (value === null || value === "") return 0;
  if (!/^\d{1,15}$/.test(value)) {
    throw invalid(`updated_since must be a cursor returned by this endpoint (got "${value.slice(0, 40)}").`);
  }
  return Number(value);
}

function limitParam(value: string | null): number {
  if (value === null || value === "") return DEFAULT_PAGE_SIZE;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return limit;
}

function idsParam(value: string | null): string[] {
  return checkIds((value ?? "").split(","), "ids is required: a comma-separated list of link ids.");
}

function idsBody(body: unknown): string[] {
  const { ids } = objectWithOnly(body, ["ids"]);
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) {
    throw invalid('The body must be { "ids": ["lnk_…", …] }: a list of link ids.');
  }
  return checkIds(ids as string[], "ids must list at least one link id.");
}

function checkIds(raw: readonly string[], missing: string): string[] {
  const ids = [...new Set(raw.map((id) => id.trim()))].filter((id) => id !== "");
  if (ids.length === 0) throw invalid(missing);
  if (ids.length > MAX_CLICK_IDS) throw invalid(`Ask for at most ${MAX_CLICK_IDS} ids at a time.`);
  return ids;
}

function invalid(message: string): ShortenerError {
  return new ShortenerError("invalid_input", message);
}
