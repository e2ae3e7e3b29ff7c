import type {
  BaseWebhookPayload,
  CommentCreatedWebhookPayload,
  DataSourceSchemaUpdatedWebhookPayload,
  PageCreatedWebhookPayload,
  PageDeletedWebhookPayload,
  PagePropertiesUpdatedWebhookPayload,
  PageUndeletedWebhookPayload,
} from "@notionhq/client";
import type { WorkspaceEvent } from "../store/events";
import type { WorkspaceStore } from "../store/workspace-store";
import type { SchemaChange } from "./schema-changes";

/** The events the sandbox delivers, typed against the SDK's own webhook payload types. */
export type WebhookPayload =
  | PageCreatedWebhookPayload
  | PagePropertiesUpdatedWebhookPayload
  | PageDeletedWebhookPayload
  | PageUndeletedWebhookPayload
  | DataSourceSchemaUpdatedWebhookPayload
  | CommentCreatedWebhookPayload;

export type WebhookEventType = WebhookPayload["type"];

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  "page.created",
  "page.properties_updated",
  "page.deleted",
  "page.undeleted",
  "data_source.schema_updated",
  "comment.created",
];

export type WebhookActor = BaseWebhookPayload["authors"][number];
type ParentBlock = PageCreatedWebhookPayload["data"]["parent"];

/** What an event's envelope says besides the event itself. */
export interface Envelope {
  id: string;
  subscriptionId: string;
  integrationId: string;
  accessibleBy: WebhookActor[];
}

/**
 * The payload Notion would send for a workspace change: ids only, never content, so a receiver
 * fetches what it needs with its own token. `schema` carries the data source's property changes.
 */
export function payloadFor(
  store: WorkspaceStore,
  event: WorkspaceEvent,
  envelope: Envelope,
  schema?: SchemaChange[],
): WebhookPayload {
  const base: BaseWebhookPayload = {
    id: envelope.id,
    timestamp: new Date(event.at).toISOString(),
    workspace_id: store.workspace.id,
    workspace_name: store.workspace.name,
    subscription_id: envelope.subscriptionId,
    integration_id: envelope.integrationId,
    authors: [actor(store, event.authorId)],
    accessible_by: envelope.accessibleBy,
    attempt_number: 1,
    api_version: "2025-09-03",
  };
  switch (event.type) {
    case "page.created":
    case "page.deleted":
    case "page.undeleted":
      return {
        ...base,
        type: event.type,
        entity: { id: event.pageId, type: "page" },
        data: { parent: pageParent(store, event.pageId) },
      };
    case "page.properties_updated":
      return {
        ...base,
        type: event.type,
        entity: { id: event.pageId, type: "page" },
        data: { parent: pageParent(store, event.pageId), updated_properties: event.propertyIds },
      };
    case "data_source.schema_updated":
      return {
        ...base,
        type: event.type,
        entity: { id: event.dataSourceId, type: "data_source" },
        data: {
          parent: { id: event.databaseId, type: "database" },
          ...(schema ? { updated_properties: schema } : {}),
        },
      };
    case "comment.created":
      return {
        ...base,
        type: event.type,
        entity: { id: event.commentId, type: "comment" },
        data: { parent: { id: event.pageId, type: "page" }, page_id: event.pageId },
      };
  }
}

export function actor(store: WorkspaceStore, userId: string): WebhookActor {
  return { id: userId, type: store.users.get(userId)?.kind === "bot" ? "bot" : "person" };
}

/** Rows name their database and data source; other pages their page, or the workspace ("space"). */
function pageParent(store: WorkspaceStore, pageId: string): ParentBlock {
  const parent = store.pages.get(pageId)?.parent;
  if (parent?.type === "data_source") {
    return { id: parent.databaseId, type: "database", data_source_id: parent.dataSourceId };
  }
  if (parent?.type === "page") return { id: parent.pageId, type: "page" };
  return { id: store.workspace.id, type: "space" };
}
