import type { PageObjectResponse } from "@notionhq/client";
import { toMinuteIso } from "../clock/clock";
import { plainText } from "../properties/rich-text";
import type { PageRecord, PropertyConfig } from "../store/types";
import type { RenderContext } from "./context";
import { renderPropertyValue } from "./property-values";
import { partialUser } from "./users";

/** A page outside any data source has one property, its title. */
export const STANDALONE_PAGE_SCHEMA: readonly PropertyConfig[] = [
  { id: "title", name: "title", description: null, type: "title", title: {} },
];

export function schemaOfPage(page: PageRecord, context: RenderContext): readonly PropertyConfig[] {
  if (page.parent.type !== "data_source") return STANDALONE_PAGE_SCHEMA;
  return context.store.dataSources.get(page.parent.dataSourceId)?.properties ?? STANDALONE_PAGE_SCHEMA;
}

export function pageTitle(page: PageRecord, schema: readonly PropertyConfig[]): string {
  const title = schema.find((property) => property.type === "title");
  const stored = title ? page.state.values[title.id] : undefined;
  return stored?.type === "title" ? plainText(stored.richText) : "";
}

export function notionUrl(title: string, id: string): string {
  const slug = title
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  const compact = id.replaceAll("-", "");
  return `https://www.notion.so/${slug ? `${slug}-` : ""}${compact}`;
}

/** Renders a page; `onlyPropertyIds` implements `filter_properties`. */
export function renderPage(
  page: PageRecord,
  context: RenderContext,
  onlyPropertyIds?: ReadonlySet<string>,
): PageObjectResponse {
  const schema = schemaOfPage(page, context);
  const properties: PageObjectResponse["properties"] = {};
  for (const config of schema) {
    if (onlyPropertyIds && !onlyPropertyIds.has(config.id)) continue;
    properties[config.name] = renderPropertyValue(config, page, page.state, context);
  }
  return {
    object: "page",
    id: page.id,
    created_time: toMinuteIso(page.createdTime),
    last_edited_time: toMinuteIso(page.state.lastEditedTime),
    created_by: partialUser(page.createdBy),
    last_edited_by: partialUser(page.state.lastEditedBy),
    cover: null,
    icon: null,
    parent: renderPageParent(page),
    in_trash: page.state.inTrash,
    is_archived: page.state.inTrash,
    is_locked: false,
    properties,
    url: notionUrl(pageTitle(page, schema), page.id),
    public_url: null,
    archived: page.state.inTrash,
  };
}

function renderPageParent(page: PageRecord): PageObjectResponse["parent"] {
  switch (page.parent.type) {
    case "data_source":
      return {
        type: "data_source_id",
        data_source_id: page.parent.dataSourceId,
        database_id: page.parent.databaseId,
      };
    case "page":
      return { type: "page_id", page_id: page.parent.pageId };
    case "workspace":
      return { type: "workspace", workspace: true };
  }
}
