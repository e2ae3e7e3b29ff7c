import type { DatabaseObjectResponse } from "@notionhq/client";
import { bodyFieldError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { isObject } from "../properties/json-shape";
import { parseRichText } from "../properties/rich-text";
import { parseSchema } from "../properties/schema";
import { renderDatabase } from "../render/data-sources";
import type { DatabaseParent, PropertyConfig } from "../store/types";
import { param, visibleDatabase, visiblePage } from "./lookup";

const DEFAULT_SCHEMA: PropertyConfig[] = [
  { id: "title", name: "Name", description: null, type: "title", title: {} },
];

export const databaseRoutes: Route[] = [
  bearerRoute({
    method: "POST",
    pattern: "/v1/databases",
    capability: "insert_content",
    handler: async (context) => {
      const body = await context.json();
      allowOnlyFields(body, ["parent", "title", "description", "is_inline", "initial_data_source"], "body", [
        "icon",
        "cover",
      ]);
      const parent = parseDatabaseParent(context, body.parent);
      const title = body.title === undefined ? [] : parseRichText(body.title, "body.title");
      const description =
        body.description === undefined ? [] : parseRichText(body.description, "body.description");
      const initial = body.initial_data_source;
      if (initial !== undefined && !isObject(initial)) {
        throw bodyFieldError("body.initial_data_source", "should be an object", initial);
      }
      const properties =
        initial?.properties === undefined
          ? DEFAULT_SCHEMA
          : parseSchema(initial.properties, "body.initial_data_source.properties");
      const { database } = context.services.store.createDatabase(
        {
          parent,
          title,
          description,
          isInline: body.is_inline === true,
          dataSource: { title, properties },
        },
        context.principal.bot.id,
      );
      const response: DatabaseObjectResponse = renderDatabase(database, context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/databases/{database_id}",
    capability: "read_content",
    handler: (context) => {
      const database = visibleDatabase(context, param(context, "database_id"));
      const response: DatabaseObjectResponse = renderDatabase(database, context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "PATCH",
    pattern: "/v1/databases/{database_id}",
    capability: "update_content",
    handler: async (context) => {
      const database = visibleDatabase(context, param(context, "database_id"));
      const body = await context.json();
      allowOnlyFields(body, ["title", "description", "in_trash"], "body", [
        "icon",
        "cover",
        "is_inline",
        "is_locked",
        "parent",
      ]);
      if (body.title !== undefined) database.title = parseRichText(body.title, "body.title");
      if (body.description !== undefined)
        database.description = parseRichText(body.description, "body.description");
      if (typeof body.in_trash === "boolean") database.inTrash = body.in_trash;
      database.lastEditedTime = context.services.clock.now();
      const response: DatabaseObjectResponse = renderDatabase(database, context.services.render);
      return { json: response };
    },
  }),
];

function parseDatabaseParent(context: BearerContext, raw: unknown): DatabaseParent {
  if (!isObject(raw)) throw bodyFieldError("body.parent", "should be an object", raw);
  if (typeof raw.page_id === "string") {
    return { type: "page", pageId: visiblePage(context, raw.page_id).id };
  }
  if (raw.workspace === true) return { type: "workspace" };
  throw bodyFieldError("body.parent.page_id", "should be defined", raw.page_id);
}
