import {
  type NotionEventOutcome,
  type NotionWebhookEvent,
  notionEventAction,
  sameNotionId,
} from "../webhooks/notion-event";
import type { DatabaseRunner } from "./database-runner";

/**
 * Routes one verified Notion event to the attached databases it concerns: the named rows synced, or the schema
 * checked (pausing on drift, resuming once it verifies). A failure is handed to `onFailure` (a revoked token stops
 * the connection) and rethrown to the receiver.
 */
export async function routeNotionEvent(
  event: NotionWebhookEvent,
  runners: Iterable<DatabaseRunner>,
  ownBotIds: readonly string[],
  onFailure: (connectionId: string, error: unknown) => Promise<void>,
): Promise<NotionEventOutcome> {
  const action = notionEventAction(event, ownBotIds);
  if (action.kind === "ignore") return { kind: "ignored", reason: action.reason };
  const targets = [...runners].filter((r) => sameNotionId(r.ctx.key.dataSourceId, action.dataSourceId));
  if (targets.length === 0) return { kind: "ignored", reason: "not_synced" };
  const each = <T>(work: (runner: DatabaseRunner) => Promise<T>) =>
    Promise.all(
      targets.map((runner) =>
        work(runner).catch(async (error: unknown) => {
          await onFailure(runner.ctx.key.connectionId, error);
          throw error;
        }),
      ),
    );
  if (action.kind === "sync_rows") {
    const databases = await each(async (runner) => ({
      databaseId: runner.ctx.databaseId,
      report: await runner.syncRows(action.pageIds),
    }));
    return { kind: "rows_synced", databases };
  }
  const databases = await each(async (runner) => ({
    databaseId: runner.ctx.databaseId,
    verdict: await runner.checkSchema(),
  }));
  return { kind: "schema_checked", databases };
}
