import type { LinksyncEvent } from "@linksync/core";

/**
 * One human line per event worth printing while syncing; `null` for events shown some other way (progress is a
 * bar; per-link creation is a count in the summary, not 200 lines).
 */
export function eventLine(event: LinksyncEvent): string | null {
  switch (event.type) {
    case "link.updated": {
      const { field, from, to, source } = event.payload;
      return `  ↻ ${field} ${quote(from)} → ${quote(to)} (from ${source})`;
    }
    case "conflict": {
      const { title, kept, dropped, droppedSource } = event.payload;
      return `  ⚠ conflict on "${title}": kept Notion's ${kept}, dropped ${dropped} (from ${droppedSource})`;
    }
    case "row.failed":
      return `  ✗ "${event.payload.title}": ${event.payload.message}`;
    case "sync.throttled":
      return `  … throttled by Notion, resuming in ${Math.ceil(event.payload.retryAfterMs / 1000)}s`;
    case "sync.offline":
      return `  ⏸ offline, ${event.payload.pending} writes pending`;
    case "sync.online":
      return "  ▶ back online";
    case "sync.paused":
      return `  ⏸ paused: ${event.payload.message}`;
    case "sync.resumed":
      return "  ▶ resumed";
    case "connection.revoked":
      return "  ✗ Notion access was revoked: the token was wiped; reconnect to sync again";
    case "link.created":
    case "sync.progress":
    case "sync.completed":
      return null;
  }
}

function quote(value: string): string {
  return value === "" ? "(empty)" : value;
}
