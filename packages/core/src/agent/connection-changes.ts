import type { Clock } from "../clock/clock";
import { pauseDatabase } from "../engine/pause";
import type { EventBus } from "../events/events";
import type { ConnectionInput, ConnectionSummary } from "./agent-api";
import type { AgentStores } from "./agent-stores";
import type { Connections } from "./connections";
import type { Databases } from "./databases";

export type ConnectionChange = "connected" | "disconnected" | "revoked";

/** What a change of connection touches in the agent. */
export interface ConnectionChangeHost {
  readonly stores: AgentStores;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly connections: Connections;
  readonly databases: Databases;
}

/** A workspace connected (or its token replaced): its databases reopen on the new connection (run if `started`). */
export async function connectWorkspace(
  agent: ConnectionChangeHost,
  input: ConnectionInput,
  started: boolean,
): Promise<ConnectionSummary> {
  const { stores, clock, connections, databases } = agent;
  const { record } = await connections.add(input, stores);
  await databases.reopen(record.id, stores, started);
  await auditConnection(
    stores,
    clock,
    record.id,
    "connected",
    `connected to workspace ${record.workspaceName}`,
  );
  const summary = connections.summaries().find((c) => c.id === record.id);
  if (!summary) throw new Error(`Connection ${record.id} vanished while it was added.`);
  return summary;
}

/** A workspace removed by the user: its databases detached, its connection and secrets forgotten. */
export async function disconnectWorkspace(agent: ConnectionChangeHost, connectionId: string): Promise<void> {
  const { stores, clock, connections, databases } = agent;
  await databases.detachConnection(connectionId, stores);
  await connections.remove(connectionId, stores);
  await auditConnection(stores, clock, connectionId, "disconnected", "removed by the user");
}

/** One `connection` audit entry; answers its time. */
export async function auditConnection(
  stores: AgentStores,
  clock: Clock,
  connectionId: string,
  change: ConnectionChange,
  reason: string,
): Promise<string> {
  const at = new Date(clock.now()).toISOString();
  await stores.audit.append({ kind: "connection", at, connectionId, databaseId: null, change, reason });
  return at;
}

/**
 * A revoked token stops its connection at once: token wiped, each database paused (`sync.paused`), then
 * `connection.revoked` emitted and audited. Nothing happens for a connection already revoked.
 */
export async function stopRevokedConnection(
  agent: ConnectionChangeHost,
  connectionId: string,
): Promise<void> {
  const { stores, clock, events, connections, databases } = agent;
  if (!(await connections.revoke(connectionId, stores))) return;
  const message = "Notion revoked this connection's access. Reconnect the workspace to sync again.";
  for (const runner of databases.ofConnection(connectionId)) {
    // Not awaited: the failing run itself may be what calls this.
    void runner.stop();
    await pauseDatabase(runner.ctx, { reason: "revoked", message, auditReason: "Notion revoked the token" });
  }
  const at = await auditConnection(
    stores,
    clock,
    connectionId,
    "revoked",
    "Notion answered 401 unauthorized; the token was wiped",
  );
  events.emit("connection.revoked", { connectionId, at });
}
