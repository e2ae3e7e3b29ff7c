import type { LinksyncEvent } from "@linksync/core";
import type { ActivityEntry } from "../shared/contract";

/** How each event reads in the Activity list: one title and one line of detail, in words. Pure. */
export function activityEntryOf(event: LinksyncEvent, id: number): ActivityEntry | null {
  const base = { id, kind: event.type };
  switch (event.type) {
    case "link.created": {
      const p = event.payload;
      return {
        ...base,
        at: p.at,
        databaseId: p.databaseId,
        title: p.title,
        detail: `Minted ${p.shortUrl} → ${p.destination}`,
      };
    }
    case "link.updated": {
      const p = event.payload;
      return {
        ...base,
        at: p.at,
        databaseId: p.databaseId,
        title: `${p.field} updated`,
        detail: `${p.from} → ${p.to} (from ${p.source})`,
      };
    }
    case "conflict": {
      const p = event.payload;
      return {
        ...base,
        at: p.at,
        databaseId: p.databaseId,
        title: p.title,
        detail: `Conflict: kept ${p.kept}, dropped ${p.dropped} (from ${p.droppedSource})`,
      };
    }
    case "sync.completed": {
      const p = event.payload;
      return {
        ...base,
        at: p.at,
        databaseId: p.databaseId,
        title: `${p.phase === "backfill" ? "Backfill" : "Sync"} finished`,
        detail: `${p.created} created, ${p.updated} updated, ${p.conflicts} conflicts, ${p.failed} failed in ${Math.round(p.durationMs)} ms`,
      };
    }
    case "sync.paused": {
      const p = event.payload;
      return { ...base, at: p.at, databaseId: p.databaseId, title: "Sync paused", detail: p.message };
    }
    case "sync.resumed":
      return {
        ...base,
        at: event.payload.at,
        databaseId: event.payload.databaseId,
        title: "Sync resumed",
        detail: "",
      };
    case "sync.throttled": {
      const p = event.payload;
      return {
        ...base,
        at: p.at,
        databaseId: null,
        title: "Throttled by Notion",
        detail: `Resuming in ${Math.ceil(p.retryAfterMs / 1000)} s`,
      };
    }
    case "sync.offline": {
      const p = event.payload;
      return {
        ...base,
        at: p.at,
        databaseId: null,
        title: "Offline",
        detail: `${p.pending} changes waiting to be sent`,
      };
    }
    case "sync.online":
      return { ...base, at: event.payload.at, databaseId: null, title: "Back online", detail: "" };
    case "row.failed": {
      const p = event.payload;
      return {
        ...base,
        at: p.at,
        databaseId: p.databaseId,
        title: p.title,
        detail: `${p.code}: ${p.message}`,
      };
    }
    case "connection.revoked":
      return {
        ...base,
        at: event.payload.at,
        databaseId: null,
        title: "Notion connection revoked",
        detail: "Reconnect the workspace in Settings to resume syncing.",
      };
    case "sync.progress":
      // Progress ticks are shown live on the dashboard; logging each would drown the list.
      return null;
  }
}
