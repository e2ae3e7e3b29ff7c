import type { AgentStatus } from "@linksync/core";

export type TrayIconState = "ok" | "syncing" | "attention" | "offline";

/** Which icon the tray shows; what needs the user beats offline, which beats busy. Pure. */
export function trayIconState(status: AgentStatus): TrayIconState {
  const kinds = new Set(status.databases.map((database) => database.state.kind));
  const revoked = status.connections.some((connection) => connection.state === "revoked");
  const userPausedOnly = status.databases.every(
    (database) => database.state.kind !== "paused" || database.state.reason === "user",
  );
  if (status.unreadConflicts > 0 || revoked || kinds.has("error") || !userPausedOnly) return "attention";
  if (kinds.has("offline")) return "offline";
  if (kinds.has("syncing") || kinds.has("throttled")) return "syncing";
  return "ok";
}

/** The tooltip: one line a user can read at a glance. */
export function trayTooltip(status: AgentStatus): string {
  const { databases, unreadConflicts } = status;
  const parts = [
    databases.length === 0
      ? "no database connected"
      : `${databases.length} ${databases.length === 1 ? "database" : "databases"}`,
  ];
  const busy = databases.filter((database) => database.state.kind === "syncing").length;
  if (busy > 0) parts.push(`${busy} syncing`);
  const offline = databases.filter((database) => database.state.kind === "offline");
  if (offline.length > 0) parts.push(`offline, ${status.pendingWrites} waiting`);
  if (unreadConflicts > 0)
    parts.push(`${unreadConflicts} ${unreadConflicts === 1 ? "conflict" : "conflicts"} to review`);
  if (status.connections.some((connection) => connection.state === "revoked"))
    parts.push("Notion disconnected");
  return `Linksync: ${parts.join(" · ")}`;
}
