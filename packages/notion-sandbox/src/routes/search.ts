import type { DataSourceObjectResponse, PageObjectResponse, SearchResponse } from "@notionhq/client";
import { canSeeDataSource, canSeePage } from "../auth/access";
import { bodyFieldError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { isObject } from "../properties/json-shape";
import { plainText } from "../properties/rich-text";
import { paginate, parsePageSize } from "../query/pagination";
import { renderDataSource } from "../render/data-sources";
import { pageTitle, renderPage, schemaOfPage } from "../render/page";
import type { PageRecord } from "../store/types";
import { versionAtLeast } from "../versions/api-version";

type SearchHit = {
  id: string;
  title: string;
  lastEditedTime: number;
  render(): PageObjectResponse | DataSourceObjectResponse;
};

export const searchRoutes: Route[] = [
  bearerRoute({
    method: "POST",
    pattern: "/v1/search",
    capability: "read_content",
    handler: async (context) => {
      const body = await context.json();
      allowOnlyFields(body, ["query", "filter", "sort", "start_cursor", "page_size"]);
      const { store, render } = context.services;
      const kind = searchKind(body.filter);
      const needle = typeof body.query === "string" ? body.query.toLowerCase() : "";
      const hits: SearchHit[] = [];
      if (kind !== "data_source") {
        for (const page of store.pages.values()) {
          if (page.state.inTrash || !canSeePage(store, context.principal, page)) continue;
          hits.push({
            id: page.id,
            title: pageTitle(page, schemaOfPage(page, render)),
            lastEditedTime: page.state.lastEditedTime,
            render: () => renderPage(page, render, searchedPropertyIds(page, context)),
          });
        }
      }
      if (kind !== "page") {
        for (const dataSource of store.dataSources.values()) {
          if (dataSource.inTrash || !canSeeDataSource(store, context.principal, dataSource)) continue;
          hits.push({
            id: dataSource.id,
            title: plainText(dataSource.title),
            lastEditedTime: dataSource.lastEditedTime,
            render: () => renderDataSource(dataSource, render),
          });
        }
      }
      const direction = isObject(body.sort) && body.sort.direction === "ascending" ? 1 : -1;
      const matching = hits
        .filter((hit) => hit.title.toLowerCase().includes(needle))
        .sort((a, b) => (a.lastEditedTime - b.lastEditedTime) * direction);
      const slice = paginate(
        matching,
        (hit) => hit.id,
        body.start_cursor,
        parsePageSize(body.page_size, "body"),
      );
      const response: SearchResponse = {
        type: "page_or_data_source",
        page_or_data_source: {},
        object: "list",
        next_cursor: slice.next_cursor,
        has_more: slice.has_more,
        results: slice.results.map((hit) => hit.render()),
      };
      return { json: response };
    },
  }),
];

function searchKind(filter: unknown): "page" | "data_source" | "all" {
  if (filter === undefined) return "all";
  if (!isObject(filter) || filter.property !== "object") {
    throw bodyFieldError(
      "body.filter.property",
      'should be `"object"`',
      isObject(filter) ? filter.property : filter,
    );
  }
  if (filter.value === "page" || filter.value === "data_source") return filter.value;
  throw bodyFieldError("body.filter.value", 'should be `"page"` or `"data_source"`', filter.value);
}

/**
 * From 2026-12-01 a page Search finds carries only its title unless `?filter_properties=` names more (ids or names;
 * Search spans databases, so a name one page's schema lacks is skipped, not refused).
 */
function searchedPropertyIds(page: PageRecord, context: BearerContext): ReadonlySet<string> | undefined {
  if (!versionAtLeast(context.version, "2026-12-01")) return undefined;
  const schema = schemaOfPage(page, context.services.render);
  const requested = context.query.getAll("filter_properties");
  return new Set(
    schema
      .filter((p) => p.type === "title" || requested.includes(p.id) || requested.includes(p.name))
      .map((p) => p.id),
  );
}
