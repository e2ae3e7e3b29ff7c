import type { Client } from "@notionhq/client";
import { bodyFieldError, validationError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { normaliseId } from "../ids/ids";
import { isObject } from "../properties/json-shape";
import { paginate, parsePageSize } from "../query/pagination";
import type { PageParent, PageRecord } from "../store/types";
import type { NewBlock, WorkspaceStore } from "../store/workspace-store";
import { param, visibleDataSource } from "./lookup";

/** The SDK does not export this response type by name; it is what `dataSources.listTemplates` resolves to. */
type ListDataSourceTemplatesResponse = Awaited<ReturnType<Client["dataSources"]["listTemplates"]>>;

export const templateRoutes: Route[] = [
  bearerRoute({
    method: "GET",
    pattern: "/v1/data_sources/{data_source_id}/templates",
    capability: "read_content",
    handler: (context) => {
      const dataSource = visibleDataSource(context, param(context, "data_source_id"));
      const name = context.query.get("name")?.toLowerCase();
      const templates = context.services.store
        .templatesOf(dataSource.id)
        .filter((page) => !page.state.inTrash)
        .filter((page) => name === undefined || (page.template?.name.toLowerCase().includes(name) ?? false));
      const slice = paginate(
        templates,
        (page) => page.id,
        context.query.get("start_cursor") ?? undefined,
        parsePageSize(context.query.get("page_size") ?? undefined, "query"),
      );
      const response: ListDataSourceTemplatesResponse = {
        templates: slice.results.map((page) => ({
          id: page.id,
          name: page.template?.name ?? "",
          is_default: page.template?.isDefault ?? false,
        })),
        has_more: slice.has_more,
        next_cursor: slice.next_cursor,
      };
      return { json: response };
    },
  }),
];

/** The template a page creation asks for (`template`), or undefined for none. */
export function templateFor(
  context: BearerContext,
  parent: PageParent,
  raw: unknown,
): PageRecord | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw bodyFieldError("body.template", "should be an object", raw);
  if (raw.type === "none") {
    allowOnlyFields(raw, ["type"], "body.template");
    return undefined;
  }
  if (raw.type !== "default" && raw.type !== "template_id") {
    throw bodyFieldError(
      "body.template.type",
      'should be `"none"`, `"default"` or `"template_id"`',
      raw.type,
    );
  }
  allowOnlyFields(
    raw,
    raw.type === "default" ? ["type", "timezone"] : ["type", "template_id", "timezone"],
    "body.template",
  );
  if (parent.type !== "data_source") {
    throw validationError("body.template can only be used when the parent is a data source.");
  }
  const templates = context.services.store
    .templatesOf(parent.dataSourceId)
    .filter((page) => !page.state.inTrash);
  if (raw.type === "default") {
    const fallback = templates.find((page) => page.template?.isDefault);
    if (!fallback) throw validationError(`Data source ${parent.dataSourceId} has no default template.`);
    return fallback;
  }
  const id = typeof raw.template_id === "string" ? normaliseId(raw.template_id) : undefined;
  const chosen = templates.find((page) => page.id === id);
  if (!chosen) {
    throw validationError(
      `body.template.template_id should be a template of data source ${parent.dataSourceId}, instead was ${JSON.stringify(raw.template_id)}.`,
    );
  }
  return chosen;
}

/** Copies a template's blocks (nested ones too) onto a new page. */
export function copyTemplateBlocks(
  store: WorkspaceStore,
  templateId: string,
  pageId: string,
  authorId: string,
): void {
  const copy = (parentId: string): NewBlock[] =>
    store.childBlocks(parentId).map((block) => ({
      type: block.type,
      content: structuredClone(block.content),
      children: copy(block.id),
    }));
  const blocks = copy(templateId);
  if (blocks.length > 0) store.appendBlocks({ type: "page_id", id: pageId }, pageId, blocks, authorId);
}
