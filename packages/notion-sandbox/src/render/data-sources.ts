import type { DatabaseObjectResponse, DataSourceObjectResponse } from "@notionhq/client";
import { toIso, toMinuteIso } from "../clock/clock";
import { plainText } from "../properties/rich-text";
import type { DatabaseParent, DatabaseRecord, DataSourceRecord } from "../store/types";
import type { RenderContext } from "./context";
import { notionUrl } from "./page";
import { partialUser } from "./users";

export function renderDataSource(
  dataSource: DataSourceRecord,
  context: RenderContext,
): DataSourceObjectResponse {
  const database = context.store.databases.get(dataSource.databaseId);
  const properties: DataSourceObjectResponse["properties"] = {};
  for (const config of dataSource.properties) properties[config.name] = config;
  return {
    object: "data_source",
    id: dataSource.id,
    cover: null,
    icon: null,
    created_time: toMinuteIso(dataSource.createdTime),
    created_by: partialUser(dataSource.createdBy),
    last_edited_by: partialUser(dataSource.lastEditedBy),
    last_edited_time: toMinuteIso(dataSource.lastEditedTime),
    title: dataSource.title,
    description: dataSource.description,
    is_inline: database?.isInline ?? false,
    properties,
    parent: { type: "database_id", database_id: dataSource.databaseId },
    database_parent: renderDatabaseParent(database?.parent ?? { type: "workspace" }),
    url: notionUrl("", dataSource.databaseId),
    public_url: null,
    in_trash: dataSource.inTrash,
    archived: dataSource.inTrash,
  };
}

export function renderDatabase(database: DatabaseRecord, context: RenderContext): DatabaseObjectResponse {
  return {
    object: "database",
    id: database.id,
    title: database.title,
    description: database.description,
    parent: renderDatabaseParent(database.parent),
    is_inline: database.isInline,
    in_trash: database.inTrash,
    is_locked: false,
    // Recorded database objects carry millisecond timestamps, unlike pages and data sources.
    created_time: toIso(database.createdTime),
    last_edited_time: toIso(database.lastEditedTime),
    data_sources: database.dataSourceIds.flatMap((id) => {
      const dataSource = context.store.dataSources.get(id);
      return dataSource ? [{ id, name: plainText(dataSource.title) }] : [];
    }),
    icon: null,
    cover: null,
    url: notionUrl("", database.id),
    public_url: null,
    archived: database.inTrash,
  };
}

function renderDatabaseParent(parent: DatabaseParent): DatabaseObjectResponse["parent"] {
  return parent.type === "page"
    ? { type: "page_id", page_id: parent.pageId }
    : { type: "workspace", workspace: true };
}
