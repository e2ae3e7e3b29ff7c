import { type Clock, systemClock } from "../clock/clock";
import type { ColumnIds } from "../fields/column-keys";
import type { FieldMap } from "../fields/field-map";
import type { CallOptions, NotionGateway } from "../notion/gateway-port";
import type { LinkProvider } from "../providers/link-provider";
import type { RequestPriority } from "../scheduling/request-scheduler";

/** The Notion calls the stateless operations make (never schema changes, uploads or searches). */
export type NotionCall =
  | "retrieveDataSource"
  | "queryDataSource"
  | "retrievePage"
  | "createPage"
  | "updatePage"
  | "listComments"
  | "createComment";

/**
 * All a stateless operation needs: one Notion connection, one link provider and the database's field map. No local
 * state, so the engine, the desktop app and the Zapier app (which holds nothing but credentials) share them. Each
 * operation names the Notion calls it makes (`OperationContext<"retrievePage" | "updatePage">`), so its signature
 * says what it needs and a test or another host can give it just that.
 */
export interface OperationContext<Calls extends NotionCall = NotionCall> {
  readonly notion: Pick<NotionGateway, Calls>;
  readonly provider: LinkProvider;
  readonly fieldMap: FieldMap;
  /**
   * The mapped columns' property ids, when known (`withSchemaFieldMap` reads them from the schema): page reads ask
   * Notion for exactly these (`filter_properties`). Without them the field map's keys are sent.
   */
  readonly columnIds?: ColumnIds;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default `interactive`: a person or a Zap is waiting on the answer. The engine passes its own priority. */
  readonly priority?: RequestPriority;
}

export function callOptions(ctx: Pick<OperationContext, "priority">): CallOptions {
  return { priority: ctx.priority ?? "interactive" };
}

/** ISO-8601 UTC. */
export function nowIso(ctx: Pick<OperationContext, "clock">): string {
  return new Date((ctx.clock ?? systemClock).now()).toISOString();
}
