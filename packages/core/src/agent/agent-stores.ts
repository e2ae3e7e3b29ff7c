import { join } from "node:path";
import { DEFAULT_WEBHOOK_RETRY_POLICY, type WebhookRetryPolicy } from "@linksync/webhook-protocol";
import { AuditLog } from "../audit/audit-log";
import type { Clock } from "../clock/clock";
import type { EventBus } from "../events/events";
import { Outbox } from "../outbox/outbox";
import { SecretBox } from "../secrets/secret-box";
import { SecretVault } from "../secrets/secret-vault";
import { ensurePrivateDirectory } from "../store/durable-file";
import { FileStateStore } from "../store/file-state-store";
import { OutgoingWebhooks } from "../webhooks/outgoing-webhooks";
import { ConflictInbox } from "./conflict-inbox";
import { DatabaseSettingsFile } from "./database-settings";

/** The files of an agent's data directory, opened once. */
export interface AgentStores {
  readonly vault: SecretVault;
  readonly state: FileStateStore;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly settings: DatabaseSettingsFile;
  readonly inbox: ConflictInbox;
  readonly webhooks: OutgoingWebhooks;
}

export interface AgentStoresOptions {
  readonly dataDir: string;
  readonly secretKey: Uint8Array;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly webhookPolicy?: WebhookRetryPolicy;
  readonly onWebhookError?: (error: unknown) => void;
}

/** Opens state, outbox, audit log, vault, database settings, conflicts inbox and outgoing webhooks. */
export async function openAgentStores(options: AgentStoresOptions): Promise<AgentStores> {
  const dir = options.dataDir;
  await ensurePrivateDirectory(dir);
  const vault = await SecretVault.open(join(dir, "secrets.json"), new SecretBox(options.secretKey));
  return {
    vault,
    state: await FileStateStore.open(dir),
    outbox: await Outbox.open(join(dir, "outbox.jsonl"), { clock: options.clock }),
    audit: await AuditLog.open(join(dir, "audit.jsonl"), { secrets: () => vault.values() }),
    settings: await DatabaseSettingsFile.open(join(dir, "databases.json")),
    inbox: await ConflictInbox.open(join(dir, "conflicts.json")),
    webhooks: await OutgoingWebhooks.open({
      path: join(dir, "webhooks.json"),
      box: new SecretBox(options.secretKey),
      clock: options.clock,
      events: options.events,
      policy: options.webhookPolicy ?? DEFAULT_WEBHOOK_RETRY_POLICY,
      onError: options.onWebhookError ?? ((error) => console.error("Linksync webhooks:", error)),
    }),
  };
}

/** Flushes and closes every store, the inbox and webhooks first (they may still be writing). */
export async function closeAgentStores(stores: AgentStores): Promise<void> {
  await stores.inbox.flush();
  await stores.webhooks.close();
  await Promise.all([stores.state.close(), stores.outbox.close(), stores.audit.close()]);
}

/** Vault entry names: one place decides where each secret is sealed. */
export const secretNames = {
  notion: (connectionId: string) => `notion:${connectionId}`,
  /** An OAuth connection's refresh token, rotated with the access token in one vault write. */
  notionRefresh: (connectionId: string) => `notion-refresh:${connectionId}`,
  /** The client id and secret a connection refreshes its tokens with at Notion directly (`via: "notion"`). */
  notionClient: (connectionId: string) => `notion-client:${connectionId}`,
  provider: (connectionId: string) => `provider:${connectionId}`,
  /** The Notion webhook subscription's verification token (the key its deliveries are signed with). */
  notionWebhook: "notion-webhook:verification-token",
  /** The tokens handshakes delivered that no signed delivery (nor the user) has proved yet, a JSON array. */
  notionWebhookCandidates: "notion-webhook:candidates",
} as const;
