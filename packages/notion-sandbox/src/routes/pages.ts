import type { GetPagePropertyResponse, PageObjectResponse } from "@notionhq/client";
import { parseBlockList } from "../blocks/block-requests";
import { bodyFieldError, validationError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { isObject } from "../properties/json-shape";
import { findProperty } from "../properties/schema";
import { parsePageSize } from "../query/pagination";
import { renderPage, STANDALONE_PAGE_SCHEMA, schemaOfPage } from "../render/page";
import { renderPropertyItem } from "../render/property-items";
import { renderPropertyValue } from "../render/property-values";
import type { PageParent, PageRecord, PropertyConfig } from "../store/types";
import type { NewBlock } from "../store/workspace-store";
import { versionAtLeast } from "../versions/api-version";
import { markUploadsAttached, writeValues } from "../writes/page-values";
import { archivedError } from "./archived";
import { param, visibleDatabase, visibleDataSource, visiblePage } from "./lookup";
import { copyTemplateBlocks, templateFor } from "./templates";

/** Fields Notion acts on that the sandbox does not model: refused by name rather than silently ignored. */
const UNMODELLED_PAGE_FIELDS = [
  "icon",
  "cover",
  "content",
  "markdown",
  "allow_async",
  "position",
  "is_locked",
  "erase_content",
];

export const pageRoutes: Route[] = [
  bearerRoute({
    method: "POST",
    pattern: "/v1/pages",
    capability: "insert_content",
    handler: async (context) => {
      const body = await context.json();
      allowOnlyFields(body, ["parent", "properties", "children", "template"], "body", UNMODELLED_PAGE_FIELDS);
      const { parent, schema } = resolveParent(context, body.parent);
      const template = templateFor(context, parent, body.template);
      if (template && body.children !== undefined) {
        throw validationError(
          "body.children cannot be combined with a template: the template provides the content.",
        );
      }
      const children: NewBlock[] =
        body.children === undefined ? [] : parseBlockList(body.children, "body.children");
      const requested = writeValues(
        context.services,
        parent,
        schema,
        body.properties ?? {},
        context.principal.bot.id,
      );
      // A template's values fill what the request left out; its blocks become the page's content.
      const values = template ? { ...structuredClone(template.state.values), ...requested } : requested;
      const { store } = context.services;
      const page = store.createPage(parent, values, context.principal.bot.id);
      markUploadsAttached(context.services, values);
      if (template) copyTemplateBlocks(store, template.id, page.id, context.principal.bot.id);
      if (children.length > 0) {
        store.appendBlocks({ type: "page_id", id: page.id }, page.id, children, context.principal.bot.id);
      }
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
      const trashKeys = versionAtLeast(context.version, "2026-03-11")
        ? ["in_trash"]
        : ["in_trash", "archived", "is_archived"];
      allowOnlyFields(body, ["properties", ...trashKeys], "body", UNMODELLED_PAGE_FIELDS);
      const inTrash = body.in_trash ?? body.archived ?? body.is_archived;
      if (inTrash !== undefined && typeof inTrash !== "boolean") {
        throw bodyFieldError("body.in_trash", "should be a boolean", inTrash);
      }
      // Notion refuses any edit of a trashed page except restoring it (which may carry other changes).
      if (page.state.inTrash && inTrash !== false) throw archivedError();
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
      const response: PageObjectResponse = renderPage(
        page,
        context.services.render,
        filterPropertyIds(context, page),
      );
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

/** `?filter_properties=` (ids or names, repeated) limits the properties a page carries; an unknown one is refused. */
function filterPropertyIds(context: BearerContext, page: PageRecord): ReadonlySet<string> | undefined {
  const requested = context.query.getAll("filter_properties");
  if (requested.length === 0) return undefined;
  const schema = schemaOfPage(page, context.services.render);
  return new Set(
    requested.map((key) => {
      const property = findProperty(schema, key);
      if (!property) throw validationError(`filter_properties names an unknown property: ${key}`);
      return property.id;
    }),
  );
}
