import { ProviderError } from "../providers/link-provider";
import type { ServerDatabaseView } from "../server-sync/server-sync-api";
import { ServerSyncClient } from "../server-sync/server-sync-client";
import type { ProviderConfig } from "./agent-api";
import { AgentError } from "./agent-error";

/** Who runs a data source, as the Linksync Server the agent uses as its link provider says. */
export type ServerRunVerdict =
  /** The server runs it for this account: the agent leaves it to the server unless told to run it too. */
  | { readonly kind: "server"; readonly server: string; readonly databases: readonly ServerDatabaseView[] }
  /** The server runs nothing of it for this account, or has no sync API (an older server, another provider). */
  | { readonly kind: "free" }
  /** The server could not be asked (offline, refused): the agent stays offline-first and runs it. */
  | { readonly kind: "unknown"; readonly reason: string };

/** How long the agent waits for the server's answer before it runs the database anyway. */
const ASK_TIMEOUT_MS = 5_000;

/**
 * Asks the agent's link provider (the Linksync Server, with the same account key) whether its workers run this
 * data source. One server-side run per database is the server's rule; the agent keeps to it by asking.
 */
export async function askWhoRuns(provider: ProviderConfig, dataSourceId: string): Promise<ServerRunVerdict> {
  if (provider.baseUrl === "") return { kind: "free" };
  const client = new ServerSyncClient({
    baseUrl: provider.baseUrl,
    apiKey: provider.apiKey,
    timeoutMs: ASK_TIMEOUT_MS,
  });
  try {
    const answer = await client.whoRuns(dataSourceId);
    return answer.runBy === "server"
      ? { kind: "server", server: provider.baseUrl.replace(/\/+$/, ""), databases: answer.databases }
      : { kind: "free" };
  } catch (error) {
    if (error instanceof ProviderError && error.code === "not_found") return { kind: "free" };
    return { kind: "unknown", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The refusal: which server runs it, and the two ways on (control it there, or run it here too on purpose). */
export function serverRunsError(verdict: Extract<ServerRunVerdict, { kind: "server" }>): AgentError {
  const database = verdict.databases[0];
  const named = database ? `"${database.title}" (workspace ${database.workspaceName})` : "this database";
  return new AgentError(
    "server_runs_database",
    `The Linksync Server at ${verdict.server} already syncs ${named} for your account, even while this computer is off. Follow it from the server (status, Sync now, conflicts), or run it here too on purpose: \`linksync sync --run-here-too\` (attachDatabase with runHereToo: true). One link per row stays guaranteed either way.`,
  );
}

/** Refuses to attach a database the server runs, unless the user chose to run it here too. */
export async function refuseServerRun(
  provider: ProviderConfig,
  dataSourceId: string,
  runHereToo: boolean | undefined,
): Promise<void> {
  if (runHereToo) return;
  const verdict = await askWhoRuns(provider, dataSourceId);
  if (verdict.kind === "server") throw serverRunsError(verdict);
}
