import type { BaseWebhookPayload } from "@notionhq/client";
import type { RowSyncReport } from "../engine/row-sync";
import type { SchemaVerdict } from "../engine/schema-guard";

/**
 * A Notion webhook event as delivered: the SDK's common envelope, the entity it is about and its parent. Notion
 * sends ids only, never content; the engine reads what it needs with its own token.
 */
export type NotionWebhookEvent = BaseWebhookPayload & {
  readonly type: string;
  readonly entity: { readonly id: string; readonly type: string };
  readonly data?: {
    readonly parent?: { readonly id: string; readonly type: string; readonly data_source_id?: string };
  };
};

/** What the engine does with one event. */
export type NotionEventAction =
  | { readonly kind: "sync_rows"; readonly dataSourceId: string; readonly pageIds: readonly string[] }
  | { readonly kind: "check_schema"; readonly dataSourceId: string }
  | { readonly kind: "ignore"; readonly reason: NotionEventIgnoredReason };

export type NotionEventIgnoredReason =
  /** Every author is one of our bots: the echo of Linksync's own write, already in its snapshot. */
  | "own_bot"
  /** An event type the engine does not act on (comments, deletions: a trashed row keeps its link). */
  | "unsupported_type"
  /** A page outside any database, or a database Linksync does not sync. */
  | "not_synced";

/**
 * The rule that turns an event into an action: a row created or edited by someone else syncs that row; a schema
 * change checks the schema. Our own bots' edits come back as events too and are dropped here, or every write would
 * trigger another sync of the same row.
 */
export function notionEventAction(
  event: NotionWebhookEvent,
  ownBotIds: readonly string[],
): NotionEventAction {
  const own = new Set(ownBotIds.map(compactId));
  if (event.authors.length > 0 && event.authors.every((author) => own.has(compactId(author.id)))) {
    return { kind: "ignore", reason: "own_bot" };
  }
  switch (event.type) {
    case "page.created":
    case "page.properties_updated": {
      const dataSourceId = event.data?.parent?.data_source_id;
      if (dataSourceId === undefined) return { kind: "ignore", reason: "not_synced" };
      return { kind: "sync_rows", dataSourceId, pageIds: [event.entity.id] };
    }
    case "data_source.schema_updated":
      return { kind: "check_schema", dataSourceId: event.entity.id };
    default:
      return { kind: "ignore", reason: "unsupported_type" };
  }
}

/** Notion ids with or without dashes, in any case, name the same object. */
export function sameNotionId(a: string, b: string): boolean {
  return compactId(a) === compactId(b);
}

function compactId(id: string): string {
  return id.replaceAll("-", "").toLowerCase();
}

/** The event's shape checked field by field: a body that is not a Notion event is refused, never half-read. */
export function parseNotionEvent(value: unknown): NotionWebhookEvent | null {
  if (!isRecord(value)) return null;
  const { id, type, authors, entity, data } = value;
  if (typeof id !== "string" || typeof type !== "string") return null;
  if (!Array.isArray(authors) || !authors.every((a) => isRecord(a) && typeof a.id === "string")) return null;
  if (!isRecord(entity) || typeof entity.id !== "string" || typeof entity.type !== "string") return null;
  if (data !== undefined && !isRecord(data)) return null;
  const parent = data?.parent;
  if (parent !== undefined && !(isRecord(parent) && typeof parent.id === "string")) return null;
  if (isRecord(parent) && parent.data_source_id !== undefined && typeof parent.data_source_id !== "string") {
    return null;
  }
  return value as NotionWebhookEvent;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What the agent (or the server) did with one event, per attached database it concerned. */
export type NotionEventOutcome =
  | { readonly kind: "ignored"; readonly reason: NotionEventIgnoredReason }
  | {
      readonly kind: "rows_synced";
      readonly databases: readonly { readonly databaseId: string; readonly report: RowSyncReport }[];
    }
  | {
      readonly kind: "schema_checked";
      readonly databases: readonly { readonly databaseId: string; readonly verdict: SchemaVerdict }[];
    }
  /** Handed to a job queue (the Linksync Server's workers): the named databases sync the rows, or run, soon. */
  | { readonly kind: "queued"; readonly databaseIds: readonly string[] };
