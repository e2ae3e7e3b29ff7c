import { ApiError } from "../errors/api-error";
import type { DatabaseRecord, DataSourceRecord, PageRecord } from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";
import type { Principal } from "./tokens";

/**
 * Grant checks. A token sees what it was granted and everything beneath it; anything else is
 * reported as not found (never "forbidden"), exactly as Notion hides unshared pages.
 */
export function canSeePage(store: WorkspaceStore, principal: Principal, page: PageRecord): boolean {
  const grant = principal.token.grant;
  if (grant.kind === "workspace") return true;
  return ancestry(store, page.id).some((id) => grant.ids.includes(id));
}

export function canSeeDataSource(
  store: WorkspaceStore,
  principal: Principal,
  dataSource: DataSourceRecord,
): boolean {
  const grant = principal.token.grant;
  if (grant.kind === "workspace") return true;
  return ancestry(store, dataSource.id).some((id) => grant.ids.includes(id));
}

export function canSeeDatabase(
  store: WorkspaceStore,
  principal: Principal,
  database: DatabaseRecord,
): boolean {
  const grant = principal.token.grant;
  if (grant.kind === "workspace") return true;
  return ancestry(store, database.id).some((id) => grant.ids.includes(id));
}

/** The object's id followed by the ids of everything it sits in, up to the workspace. */
function ancestry(store: WorkspaceStore, id: string): string[] {
  const chain: string[] = [];
  let current: string | undefined = id;
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = parentOf(store, current);
  }
  return chain;
}

function parentOf(store: WorkspaceStore, id: string): string | undefined {
  const page = store.pages.get(id);
  if (page) {
    if (page.parent.type === "data_source") return page.parent.dataSourceId;
    return page.parent.type === "page" ? page.parent.pageId : undefined;
  }
  const dataSource = store.dataSources.get(id);
  if (dataSource) return dataSource.databaseId;
  const database = store.databases.get(id);
  return database?.parent.type === "page" ? database.parent.pageId : undefined;
}

export function notFound(
  kind: "page" | "database" | "data_source" | "block" | "file_upload",
  id: string,
  principal: Principal,
): ApiError {
  const label = kind === "data_source" ? "data source" : kind.replace("_", " ");
  return new ApiError(
    "object_not_found",
    `Could not find ${label} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${principal.bot.name}".`,
    {},
    { integration_id: principal.bot.id },
  );
}
