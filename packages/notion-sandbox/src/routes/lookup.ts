import { canSeeDatabase, canSeeDataSource, canSeePage, notFound } from "../auth/access";
import type { BearerContext } from "../http/route";
import { normaliseId } from "../ids/ids";
import type { DatabaseRecord, DataSourceRecord, PageRecord } from "../store/types";

/** Fetches records the caller may see; anything else is a 404 that names the integration. */
export function visiblePage(context: BearerContext, rawId: string): PageRecord {
  const id = normaliseId(rawId) ?? rawId;
  const page = context.services.store.pages.get(id);
  if (!page || !canSeePage(context.services.store, context.principal, page))
    throw notFound("page", id, context.principal);
  return page;
}

export function visibleDataSource(context: BearerContext, rawId: string): DataSourceRecord {
  const id = normaliseId(rawId) ?? rawId;
  const dataSource = context.services.store.dataSources.get(id);
  if (!dataSource || !canSeeDataSource(context.services.store, context.principal, dataSource)) {
    throw notFound("data_source", id, context.principal);
  }
  return dataSource;
}

export function visibleDatabase(context: BearerContext, rawId: string): DatabaseRecord {
  const id = normaliseId(rawId) ?? rawId;
  const database = context.services.store.databases.get(id);
  if (!database || !canSeeDatabase(context.services.store, context.principal, database)) {
    throw notFound("database", id, context.principal);
  }
  return database;
}

export function param(context: BearerContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw new Error(`Route is missing its {${name}} parameter.`);
  return value;
}
