import {
  type ConflictRecord,
  type ProviderConfig,
  type ServerDatabaseView,
  ServerSyncClient,
} from "@linksync/core";
import type { ServerRunsReport } from "../shared/contract";
import { CompanionError } from "./companion-error";

/**
 * The databases the Linksync server runs for the accounts this computer signed in with (issue 17's sync API): shown
 * and controlled here (status, Sync now, the conflicts inbox), never attached to the local agent.
 */
export class ServerRuns {
  /** `accounts` gives the Linksync accounts this computer holds a key for (one per signed-in workspace). */
  constructor(private readonly accounts: () => readonly ProviderConfig[]) {}

  async databases(): Promise<ServerRunsReport> {
    const databases: ServerDatabaseView[] = [];
    const problems: string[] = [];
    await Promise.all(
      this.clients().map(async ({ client, baseUrl }) => {
        try {
          databases.push(...(await client.databases()));
        } catch (error) {
          problems.push(`${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    databases.sort((a, b) => a.title.localeCompare(b.title));
    return {
      databases,
      problem: problems.length > 0 ? `The Linksync server did not answer (${problems.join("; ")}).` : null,
    };
  }

  async syncNow(databaseId: string): Promise<{ readonly queued: boolean }> {
    return (await this.clientOf(databaseId)).syncNow(databaseId);
  }

  async conflicts(databaseId: string): Promise<readonly ConflictRecord[]> {
    return (await this.clientOf(databaseId)).conflicts(databaseId);
  }

  async acknowledge(databaseId: string, conflictId: string): Promise<void> {
    await (await this.clientOf(databaseId)).acknowledgeConflict(conflictId);
  }

  private clients() {
    const seen = new Set<string>();
    return this.accounts()
      .filter((account) => {
        const key = `${account.baseUrl} ${account.apiKey}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((account) => ({
        baseUrl: account.baseUrl,
        client: new ServerSyncClient({ baseUrl: account.baseUrl, apiKey: account.apiKey }),
      }));
  }

  /** The account whose server runs the database (asked, not cached: a workspace may sign in again meanwhile). */
  private async clientOf(databaseId: string): Promise<ServerSyncClient> {
    for (const { client } of this.clients()) {
      const mine = await client.databases().catch(() => []);
      if (mine.some((database) => database.id === databaseId)) return client;
    }
    throw new CompanionError(
      "unknown_database",
      "The Linksync server no longer runs this database for your account. Reload the dashboard.",
    );
  }
}
