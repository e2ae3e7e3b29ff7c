import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createNotionWebhookReceiver,
  type NotionEventOutcome,
  type NotionWebhookEvent,
  type NotionWebhookHost,
  type NotionWebhookReceiver,
} from "@linksync/core";
import { notionEventAction, sameNotionId } from "@linksync/core/engine";
import type { Gateways, WorkerPorts } from "../worker/database-run";
import { serverSecretNames } from "../worker/server-databases";

/** How an event becomes work: jobs on the cluster's queue, run by whichever worker is free. */
export interface SyncRequests {
  syncNow(databaseId: string): Promise<void>;
  syncRows(databaseId: string, pageIds: readonly string[]): Promise<void>;
}

export interface ServerNotionWebhooksOptions {
  readonly ports: WorkerPorts;
  readonly gateways: Gateways;
  readonly sync: SyncRequests;
  /** Each accepted event and what came of it (logs, latency measurements). */
  readonly onEvent?: (connectionId: string, event: NotionWebhookEvent, outcome: NotionEventOutcome) => void;
}

/** A Node `http` handler for `POST /notion/webhooks/<connection id>`, and a way to wait for the events accepted. */
export interface ServerNotionWebhooks {
  (request: IncomingMessage, response: ServerResponse): void;
  idle(): Promise<void>;
}

/** Unproved verification tokens kept per connection at most; the oldest goes first. */
const MAX_CANDIDATES = 100;
const PATH = /^\/notion\/webhooks\/([^/?#]+)\/?$/;

/**
 * Notion's webhooks in, on the server: one subscription per connection (Notion's subscriptions are per
 * integration), at `/notion/webhooks/<connection id>`. The handshake and the `X-Notion-Signature` check are core's
 * receiver, the agent's own (the candidate tokens, the first signed delivery proving one, a proved token never
 * replaced); this module gives it the server's side: the tokens sealed in the vault per connection, and events
 * turned into row-sync jobs for the connection's databases. Polling stays the safety net (Notion delivers at most once).
 */
export function createServerNotionWebhooks(options: ServerNotionWebhooksOptions): ServerNotionWebhooks {
  const receivers = new Map<string, NotionWebhookReceiver>();
  const working = new Set<Promise<void>>();

  function receiverOf(connectionId: string): NotionWebhookReceiver {
    let receiver = receivers.get(connectionId);
    if (receiver === undefined) {
      receiver = createNotionWebhookReceiver({
        host: new ConnectionWebhookHost(connectionId, options),
        onError: options.ports.onError,
        onEvent: (event, outcome) => options.onEvent?.(connectionId, event, outcome),
      });
      receivers.set(connectionId, receiver);
    }
    return receiver;
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = PATH.exec(new URL(request.url ?? "/", "http://server").pathname);
    const connectionId = match?.[1] === undefined ? null : decodeURIComponent(match[1]);
    // Only a connection this server has gets a receiver: a handshake for anything else is not kept.
    const connection = connectionId === null ? null : await options.ports.store.getConnection(connectionId);
    if (connectionId === null || connection === null) {
      request.resume();
      response
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ message: "No Notion connection of this server has that webhook URL." }));
      return;
    }
    receiverOf(connectionId)(request, response);
  }

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const work = route(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end();
      options.ports.onError(error);
    });
    working.add(work);
    void work.finally(() => working.delete(work));
  };
  return Object.assign(handler, {
    async idle(): Promise<void> {
      while (working.size > 0) await Promise.all([...working]);
      await Promise.all([...receivers.values()].map((receiver) => receiver.idle()));
    },
  });
}

/** One connection's side of core's receiver: its webhook tokens in the vault, its events turned into jobs. */
class ConnectionWebhookHost implements NotionWebhookHost {
  private botId: string | null = null;

  constructor(
    private readonly connectionId: string,
    private readonly options: ServerNotionWebhooksOptions,
  ) {}

  private get vault() {
    return this.options.ports.vault;
  }

  notionWebhookToken(): Promise<string | null> {
    return this.vault.get(serverSecretNames.notionWebhook(this.connectionId));
  }

  async notionWebhookCandidates(): Promise<readonly string[]> {
    return parseCandidates(
      await this.vault.get(serverSecretNames.notionWebhookCandidates(this.connectionId)),
    );
  }

  /** Under the entry's lock: two handshakes reaching two workers at once are both kept. */
  async addNotionWebhookCandidate(token: string): Promise<void> {
    await this.vault.update(serverSecretNames.notionWebhookCandidates(this.connectionId), (stored) => {
      const candidates = parseCandidates(stored);
      if (candidates.includes(token)) return stored;
      // Bounded, oldest dropped: a flood of forged handshakes cannot grow the table.
      return JSON.stringify([...candidates, token].slice(-MAX_CANDIDATES));
    });
  }

  async confirmNotionWebhookToken(token: string): Promise<void> {
    await this.vault.set(serverSecretNames.notionWebhook(this.connectionId), token);
    await this.vault.delete(serverSecretNames.notionWebhookCandidates(this.connectionId));
  }

  /** Known once the first event was handled; until then `handleNotionEvent` drops the bot's echoes itself. */
  notionBotIds(): readonly string[] {
    return this.botId === null ? [] : [this.botId];
  }

  async handleNotionEvent(event: NotionWebhookEvent): Promise<NotionEventOutcome> {
    const { ports, gateways, sync } = this.options;
    const connection = await ports.store.getConnection(this.connectionId);
    if (connection === null || connection.status !== "connected")
      return { kind: "ignored", reason: "not_synced" };
    this.botId = await gateways.botIdOf(connection);
    const action = notionEventAction(event, this.notionBotIds());
    if (action.kind === "ignore") return { kind: "ignored", reason: action.reason };
    const targets = (await ports.databases.ofConnection(this.connectionId)).filter((database) =>
      sameNotionId(database.dataSourceId, action.dataSourceId),
    );
    if (targets.length === 0) return { kind: "ignored", reason: "not_synced" };
    for (const database of targets) {
      // A schema change is checked by a whole run, which verifies the schema first and pauses on drift.
      if (action.kind === "sync_rows") await sync.syncRows(database.id, action.pageIds);
      else await sync.syncNow(database.id);
    }
    return { kind: "queued", databaseIds: targets.map((database) => database.id) };
  }
}

function parseCandidates(stored: string | null): string[] {
  if (stored === null) return [];
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
}
