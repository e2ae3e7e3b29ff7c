import type { GetPagePropertyResponse, PageObjectResponse } from "@notionhq/client";
import { bodyFieldError, validationError } from "../errors/api-error";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { isObject } from "../properties/json-shape";
import { findProperty } from "../properties/schema";
import { parsePageSize } from "../query/pagination";
import { renderPage, STANDALONE_PAGE_SCHEMA, schemaOfPage } from "../render/page";
import { renderPropertyItem } from "../render/property-items";
import { renderPropertyValue } from "../render/property-values";
import type { PageParent, PageRecord, PropertyConfig } from "../store/types";
import { markUploadsAttached, writeValues } from "../writes/page-values";
import { param, visibleDatabase, visibleDataSource, visiblePage } from "./lookup";

export const pageRoutes: Route[] = [
  bearerRoute({
    method: "POST",
    pattern: "/v1/pages",
    capability: "insert_content",
    handler: async (context) => {
      const body = await context.json();
      const { parent, schema } = resolveParent(context, body.parent);
      const values = writeValues(
        context.services,
        parent,
        schema,
        body.properties ?? {},
        context.principal.bot.id,
      );
      const page = context.services.store.createPage(parent, values, context.principal.bot.id);
      markUploadsAttached(context.services, values);
      const response: PageObjectResponse = renderPage(page, context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/pages/{page_id}",
    capability: "read_content",
    handler: (context) => {
      const page = visiblePage(context, param(context, "page_id"));
      const response: PageObjectResponse = renderPage(
        page,
        context.services.render,
        filterPropertyIds(context, page),
      );
      return { json: response };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/pages/{page_id}/properties/{property_id}",
    capability: "read_content",
    handler: (context) => {
      const page = visiblePage(context, param(context, "page_id"));
      const key = param(context, "property_id");
      const config = findProperty(schemaOfPage(page, context.services.render), key);
      if (!config) throw validationError(`Could not find property with id: ${key}`);
      const value = renderPropertyValue(config, page, page.state, context.services.render);
      const response: GetPagePropertyResponse = renderPropertyItem(
        value,
        context.query.get("start_cursor") ?? undefined,
        parsePageSize(context.query.get("page_size") ?? undefined, "query"),
      );
      return { json: response };
    },
  }),
  bearerRoute({
    method: "PATCH",
    pattern: "/v1/pages/{page_id}",
    capability: "update_content",
    handler: async (context) => {
      const page = visiblePage(context, param(context, "page_id"));
      const body = await context.json();
      const inTrash = body.in_trash ?? body.archived;
      if (inTrash !== undefined && typeof inTrash !== "boolean") {
        throw bodyFieldError("body.in_trash", "should be a boolean", inTrash);
      }
      const values =
        body.properties === undefined
          ? undefined
          : writeValues(
              context.services,
              page.parent,
              schemaOfPage(page, context.services.render),
              body.properties,
              context.principal.bot.id,
            );
      context.services.store.updatePage(
        page,
        { ...(values ? { values } : {}), ...(inTrash !== undefined ? { inTrash } : {}) },
        context.principal.bot.id,
      );
      if (values) markUploadsAttached(context.services, values);
      const response: PageObjectResponse = renderPage(page, context.services.render);
      return { json: response };
    },
  }),
];

function resolveParent(
  context: BearerContext,
  raw: unknown,
): { parent: PageParent; schema: readonly PropertyConfig[] } {
  if (!isObject(raw)) throw bodyFieldError("body.parent", "should be an object", raw);
  if (typeof raw.data_source_id === "string") {
    const dataSource = visibleDataSource(context, raw.data_source_id);
    return {
      parent: { type: "data_source", dataSourceId: dataSource.id, databaseId: dataSource.databaseId },
      schema: dataSource.properties,
    };
  }
  if (typeof raw.database_id === "string") {
    const database = visibleDatabase(context, raw.database_id);
    const dataSource = visibleDataSource(context, database.dataSourceIds[0] ?? database.id);
    return {
      parent: { type: "data_source", dataSourceId: dataSource.id, databaseId: database.id },
      schema: dataSource.properties,
    };
  }
  if (typeof raw.page_id === "string") {
    return {
      parent: { type: "page", pageId: visiblePage(context, raw.page_id).id },
      schema: STANDALONE_PAGE_SCHEMA,
    };
  }
  if (raw.workspace === true) return { parent: { type: "workspace" }, schema: STANDALONE_PAGE_SCHEMA };
  throw bodyFieldError("body.parent.data_source_id", "should be defined", raw.data_source_id);
}

function filterPropertyIds(context: BearerContext, page: PageRecord): ReadonlySet<string> | undefined {
  const requested = context.query.getAll("filter_properties");
  if (requested.length === 0) return undefined;
  const schema = schemaOfPage(page, context.services.render);
  return new Set(
    requested.flatMap((key) =>
      schema.filter((property) => property.id === key || property.name === key).map((p) => p.id),
    ),
  );
}
