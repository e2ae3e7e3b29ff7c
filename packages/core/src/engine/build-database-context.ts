import { columnKeys } from "../fields/column-keys";
import { defaultFieldMap, type FieldMap } from "../fields/field-map";
import type { NotionGateway } from "../notion/gateway";
import type { ColumnIds } from "../schema/drift";
import type { DatabaseContext, QrImages } from "./database-context";
import { GatewayNotionTable } from "./gateway-notion-table";

/** What a host brings to run one database: its identity, its stored field map, and its ports. */
export interface DatabaseContextInput
  extends Pick<
    DatabaseContext,
    | "databaseId"
    | "key"
    | "provider"
    | "store"
    | "outbox"
    | "audit"
    | "events"
    | "clock"
    | "rowsInFlight"
    | "keepConflict"
    | "crashHook"
  > {
  /** The field map as stored for the database (`null`: none yet, so the default column names). */
  readonly fieldMap: FieldMap | null;
  readonly columnIds: ColumnIds;
  readonly gateway: NotionGateway;
  readonly qrImages: QrImages;
}

/**
 * The one way a host (the agent's databases, a server worker's run) builds a database's context: its columns are
 * addressed by property id where known, its Notion table and scheduler status come from the connection's gateway,
 * and renamed columns are followed and stored.
 */
export function buildDatabaseContext(input: DatabaseContextInput): DatabaseContext {
  const { key, store, gateway, columnIds } = input;
  let fieldMap = input.fieldMap ?? defaultFieldMap();
  const columns = columnKeys(fieldMap, columnIds);
  return {
    databaseId: input.databaseId,
    key,
    get fieldMap() {
      return fieldMap;
    },
    columnIds,
    columns,
    async followRenames(renamed) {
      fieldMap = renamed;
      await store.updateDatabase(key, { fieldMap: renamed });
    },
    notion: new GatewayNotionTable(gateway, key.dataSourceId, columns),
    gateway,
    provider: input.provider,
    store,
    outbox: input.outbox,
    audit: input.audit,
    events: input.events,
    clock: input.clock,
    schedulerStatus: () => gateway.scheduler.status(),
    rowsInFlight: input.rowsInFlight,
    ...(input.keepConflict ? { keepConflict: input.keepConflict } : {}),
    ...(input.crashHook ? { crashHook: input.crashHook } : {}),
    qrImages: input.qrImages,
  };
}

/** Rows worked on at once for a connection's rate: enough to keep its scheduler busy (between 4 and 64). */
export function rowsInFlightFor(requestsPerSecond: number): number {
  return Math.min(64, Math.max(4, Math.ceil(requestsPerSecond / 2)));
}
