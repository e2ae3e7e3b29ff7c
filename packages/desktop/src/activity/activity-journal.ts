import type { AuditQuery, EventBus } from "@linksync/core";
import type { ActivityEntry, ActivityPage } from "../shared/contract";
import { toCsv } from "../shared/csv";
import { activityEntryOf } from "./activity-entry";

export const ACTIVITY_CSV_HEADER = ["time", "kind", "database", "title", "detail"] as const;

/**
 * What happened while this companion ran, newest first, kept to a bounded size. Filled from the event bus, so the
 * Activity screen shows the same facts as notifications and the inbox.
 */
export class ActivityJournal {
  private readonly entries: ActivityEntry[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 20_000) {}

  /** Starts recording the bus's events; returns the unsubscribe function. */
  follow(events: EventBus): () => void {
    return events.onAny((event) => {
      const entry = activityEntryOf(event, this.nextId);
      if (entry) this.append(entry);
    });
  }

  private append(entry: ActivityEntry): void {
    this.nextId++;
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  query(query: AuditQuery): ActivityPage {
    const text = query.text?.trim().toLowerCase() ?? "";
    const matches = this.entries.filter(
      (entry) =>
        (!query.databaseId || entry.databaseId === query.databaseId) &&
        (!query.kind || entry.kind === query.kind) &&
        (!query.since || entry.at >= query.since) &&
        (!text || `${entry.title} ${entry.detail}`.toLowerCase().includes(text)),
    );
    const newestFirst = matches.reverse();
    return { entries: query.limit ? newestFirst.slice(0, query.limit) : newestFirst, total: matches.length };
  }

  csv(query: AuditQuery): string {
    const rows = this.query({ ...query, limit: undefined }).entries.map((entry) => [
      entry.at,
      entry.kind,
      entry.databaseId ?? "",
      entry.title,
      entry.detail,
    ]);
    return toCsv(ACTIVITY_CSV_HEADER, rows);
  }
}
