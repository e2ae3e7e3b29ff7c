import type { Clock } from "../clock/clock";
import { pauseDatabase } from "../engine/pause";
import type { EventBus } from "../events/events";
import type { AgentStores } from "./agent-stores";
import type { Connections } from "./connections";
import type { Databases } from "./databases";

export type ConnectionChange = "connected" | "disconnected" | "revoked";

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
  agent: {
    readonly stores: AgentStores;
    readonly clock: Clock;
    readonly events: EventBus;
    readonly connections: Connections;
    readonly databases: Databases;
  },
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
