// `@linksync/core/engine`: one run of a database and the context it runs on, for hosts other than the agent (the
// Linksync Server's workers compose it with their own stores). Every export named; surfaces use the main entry point.
export {
  buildDatabaseContext,
  type DatabaseContextInput,
  rowsInFlightFor,
} from "./engine/build-database-context";
export type { DatabaseContext, QrImages } from "./engine/database-context";
export { GatewayNotionTable } from "./engine/gateway-notion-table";
export { type RowSyncReport, syncRows } from "./engine/row-sync";
export { type RunOptions, type RunReport, syncDatabase } from "./engine/sync-run";
export { columnKeys } from "./fields/column-keys";
export { columnIdsOf, fieldMapFromSchema } from "./operations/schema-field-map";
export { type AttachPlan, planAttach } from "./schema/attach";
export type { ColumnIds } from "./schema/drift";
export { notionEventAction, sameNotionId } from "./webhooks/notion-event";
