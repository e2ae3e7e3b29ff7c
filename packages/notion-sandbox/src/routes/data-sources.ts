import type { DataSourceObjectResponse, PageObjectResponse, QueryDataSourceResponse } from "@notionhq/client";
import { floorToMinute } from "../clock/clock";
import { validationError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { parseRichText } from "../properties/rich-text";
import { applySchemaPatch, findProperty } from "../properties/schema";
import { compileFilter } from "../query/filter";
import { paginate, parsePageSize } from "../query/pagination";
import type { QueryRow } from "../query/row";
import { compileSorts, sortRows } from "../query/sort";
import { renderDataSource } from "../render/data-sources";
import { renderPage } from "../render/page";
import type { DataSourceRecord, PageRecord } from "../store/types";
import { versionAtLeast } from "../versions/api-version";
import { param, visibleDataSource } from "./lookup";

export const dataSourceRoutes: Route[] = [
  bearerRoute({
    method: "GET",
    pattern: "/v1/data_sources/{data_source_id}",
    capability: "read_content",
    handler: (context) => {
      const dataSource = visibleDataSource(context, param(context, "data_source_id"));
      const response: DataSourceObjectResponse = renderDataSource(dataSource, context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "PATCH",
    pattern: "/v1/data_sources/{data_source_id}",
    capability: "update_content",
    handler: async (context) => {
      const dataSource = visibleDataSource(context, param(context, "data_source_id"));
      const body = await context.json();
      allowOnlyFields(body, ["title", "description", "properties", ...trashFields(context)], "body", [
        "icon",
        "parent",
      ]);
      context.services.store.updateDataSource(
        dataSource,
        {
          ...(body.title !== undefined ? { title: parseRichText(body.title, "body.title") } : {}),
          ...(body.description !== undefined
            ? { description: parseRichText(body.description, "body.description") }
            : {}),
          ...(body.properties !== undefined
            ? { properties: applySchemaPatch(dataSource.properties, body.properties, "body.properties") }
            : {}),
          ...(typeof (body.in_trash ?? body.archived) === "boolean"
            ? { inTrash: body.in_trash === true || body.archived === true }
            : {}),
        },
        context.principal.bot.id,
      );
      const response: DataSourceObjectResponse = renderDataSource(dataSource, context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "POST",
    pattern: "/v1/data_sources/{data_source_id}/query",
    capability: "read_content",
    handler: async (context) => {
      const dataSource = visibleDataSource(context, param(context, "data_source_id"));
      const body = await context.json();
      allowOnlyFields(body, ["filter", "sorts", "start_cursor", "page_size"], "body", [
        "in_trash",
        "archived",
        "result_type",
      ]);
      return { json: queryDataSource(context, dataSource, body) };
    },
  }),
];

function queryDataSource(
  context: BearerContext,
  dataSource: DataSourceRecord,
  body: Record<string, unknown>,
): QueryDataSourceResponse {
  const { store, clock, settings, render } = context.services;
  const now = clock.now();
  const predicate =
    body.filter === undefined ? undefined : compileFilter(body.filter, dataSource.properties, now);
  const sort = compileSorts(body.sorts, dataSource.properties);
  const pageSize = parsePageSize(body.page_size, "body");
  const onlyPropertyIds = filterProperties(context, dataSource);

  let matched: { page: PageRecord; row: QueryRow }[] = [];
  for (const page of store.rowsOf(dataSource.id)) {
    // Filters and sorts see what the index sees, which may lag the latest edit (eventual consistency).
    const state = store.visibleState(page, now);
    if (!state || state.inTrash) continue;
    const row: QueryRow = {
      values: state.values,
      createdTime: floorToMinute(page.createdTime),
      lastEditedTime: floorToMinute(state.lastEditedTime),
    };
    if (!predicate || predicate(row)) matched.push({ page, row });
  }
  if (sort) matched = sortRows(matched, (entry) => entry.row, sort);
  const capped = matched.length > settings.queryResultCap;
  const reachable = capped ? matched.slice(0, settings.queryResultCap) : matched;
  const slice = paginate(reachable, (entry) => entry.page.id, body.start_cursor, pageSize);
  const results: PageObjectResponse[] = slice.results.map((entry) =>
    renderPage(entry.page, render, onlyPropertyIds),
  );
  const limitReached = capped && !slice.has_more;
  return {
    type: "page_or_data_source",
    page_or_data_source: {},
    object: "list",
    next_cursor: slice.next_cursor,
    has_more: slice.has_more,
    results,
    ...(limitReached
      ? { request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" } as const }
      : {}),
  };
}

/**
 * `?filter_properties=` limits which properties each result carries; names and ids are both accepted. From
 * 2026-12-01 a query without it carries the title only.
 */
function filterProperties(
  context: BearerContext,
  dataSource: DataSourceRecord,
): ReadonlySet<string> | undefined {
  const requested = context.query.getAll("filter_properties");
  if (requested.length === 0) {
    if (!versionAtLeast(context.version, "2026-12-01")) return undefined;
    return new Set(dataSource.properties.filter((property) => property.type === "title").map((p) => p.id));
  }
  return new Set(
    requested.map((key) => {
      const property = findProperty(dataSource.properties, key);
      if (!property) throw validationError(`filter_properties names an unknown property: ${key}`);
      return property.id;
    }),
  );
}

function trashFields(context: BearerContext): string[] {
  return versionAtLeast(context.version, "2026-03-11") ? ["in_trash"] : ["in_trash", "archived"];
}
