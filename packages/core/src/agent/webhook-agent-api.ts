import type { RowSyncReport } from "../engine/row-sync";
import type { NotionWebhookHost } from "../webhooks/notion-receiver";
import type {
  WebhookCreated,
  WebhookDelivery,
  WebhookInput,
  WebhookSummary,
} from "../webhooks/outgoing-webhook";

/**
 * The agent's webhook side, in and out; `createAgent` returns an agent with it. Notion's webhooks come in through
 * `createNotionWebhookReceiver(host: agent)` and sync the named rows in seconds; the engine's own events go out to
 * the subscribed URLs, signed with `Linksync-Signature`.
 */
export interface WebhookAgent extends NotionWebhookHost {
  /** Syncs these rows of the database now, by the cycle's rules (after the run in progress, if any). */
  syncRows(databaseId: string, pageIds: readonly string[]): Promise<RowSyncReport>;
  /** Forgets the proved verification token and every candidate, so a new Notion subscription can complete its handshake. */
  forgetNotionWebhookToken(): Promise<void>;

  addWebhook(input: WebhookInput): Promise<WebhookCreated>;
  listWebhooks(): readonly WebhookSummary[];
  removeWebhook(webhookId: string): Promise<void>;
  /** Lifts an automatic pause and sends the deliveries that waited. */
  resumeWebhook(webhookId: string): Promise<void>;
  /** The webhook's delivery log, newest first. */
  webhookDeliveries(webhookId: string): readonly WebhookDelivery[];
}
