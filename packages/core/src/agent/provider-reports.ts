import type { EventBus } from "../events/events";
import type { ProviderEvent } from "../providers/link-provider";
import { publishEventBestEffort } from "../providers/publish-event";
import type { ConflictInbox } from "./conflict-inbox";
import type { DatabaseRunner } from "./database-runner";

/**
 * Where the agent's conflicts and pauses go besides the bus: every conflict into the inbox (a failed save shows on
 * the database), and every conflict and `sync.paused` to the database's link provider, for the clients that can
 * reach only it (Zapier's instant triggers). Returns the unsubscribe.
 */
export function routeReports(
  events: EventBus,
  inbox: ConflictInbox,
  runnerOf: (databaseId: string) => DatabaseRunner | undefined,
): () => void {
  /** Best effort and not awaited: a report never holds or fails a sync (`publishEventBestEffort` logs why). */
  const publish = (databaseId: string, event: (dataSourceId: string) => ProviderEvent) => {
    const runner = runnerOf(databaseId);
    if (runner) void publishEventBestEffort(runner.ctx.provider, event(runner.ctx.key.dataSourceId));
  };
  const off = [
    events.on("conflict", (conflict) => {
      inbox.add(conflict).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        runnerOf(conflict.databaseId)?.markFailed(`The conflicts inbox could not be saved: ${reason}`);
      });
    }),
    events.on("conflict", (conflict) =>
      publish(conflict.databaseId, (dataSourceId) => ({
        type: "conflict",
        data: { ...conflict, databaseId: dataSourceId },
      })),
    ),
    events.on("sync.paused", (paused) =>
      publish(paused.databaseId, (dataSourceId) => ({
        type: "sync.paused",
        data: { ...paused, databaseId: dataSourceId },
      })),
    ),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
