import type { DatabaseState } from "@linksync/core";
import type { Output } from "../terminal/output";
import { renderTable } from "../terminal/table";
import { openAgent } from "./sync";

/** `linksync status`: connections and databases of the data directory, as the tray would show them. */
export async function runStatus(dataDir: string | undefined, out: Output): Promise<number> {
  const { agent, dataDir: dir } = await openAgent(dataDir);
  try {
    await agent.open();
    const status = agent.status();
    if (status.connections.length === 0) {
      out.line(`Nothing connected in ${dir}. Run \`linksync sync --database …\` with NOTION_TOKEN set.`);
      return 0;
    }
    out.line(
      renderTable(
        ["Workspace", "State"],
        status.connections.map((c) => [
          c.label,
          c.state === "connected" ? "connected" : "disconnected (reconnect)",
        ]),
      ),
    );
    out.line("");
    out.line(
      renderTable(
        ["Database", "State", "Linked rows", "Last sync", "Pending writes"],
        status.databases.map((d) => [
          d.title,
          stateLabel(d.state),
          d.linked,
          d.lastSyncAt ?? "never",
          d.pendingWrites,
        ]),
      ),
    );
    out.line(`\nUnread conflicts: ${status.unreadConflicts}. Pending writes: ${status.pendingWrites}.`);
    return status.connections.some((c) => c.state === "revoked") ? 1 : 0;
  } finally {
    await agent.stop();
  }
}

export function stateLabel(state: DatabaseState): string {
  switch (state.kind) {
    case "idle":
      return "idle";
    case "syncing":
      return `syncing (${state.phase} ${state.done}/${state.total})`;
    case "synced":
      return "synced";
    case "throttled":
      return `throttled by Notion until ${state.retryAt}`;
    case "offline": {
      const service = state.cause.service === "notion" ? "Notion" : "the shortener";
      return `offline, ${state.pending} pending: ${service} (${state.cause.code}): ${state.cause.message}`;
    }
    case "paused":
      return `paused: ${state.message}`;
    case "error":
      return `error: ${state.message}`;
  }
}
