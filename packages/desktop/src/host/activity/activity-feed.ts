import {
  type AuditEntry,
  type AuditReader,
  type DatabaseSummary,
  defaultFieldMap,
  exportAudit,
  FIELDS,
  type FieldMap,
} from "@linksync/core";
import { sourceWords } from "../../shared/change-sources";
import type { ActivityEntry, ActivityFact, ActivityPage, ActivityQuery } from "../../shared/contract";
import { notionPageUrl } from "../failed-rows";

/** Connection changes as a person would say them. */
const CONNECTION_WORDS: Readonly<Record<Extract<AuditEntry, { kind: "connection" }>["change"], string>> = {
  connected: "Notion workspace connected",
  revoked: "Notion stopped accepting the connection",
  paused: "Sync paused",
  resumed: "Sync resumed",
  disconnected: "Notion workspace removed",
  column_renamed: "A column was renamed in Notion",
};

/** Linksync's own columns a marketer never reads (and Last Synced, written with every change): hidden by default. */
const BOOKKEEPING_ROLES = FIELDS.filter((field) => field.bookkeeping || field.role === "lastSynced").map(
  (field) => field.role,
);

/** The attached databases, for their titles and their bookkeeping columns' names under their field maps. */
export type KnownDatabases = readonly Pick<DatabaseSummary, "id" | "dataSourceId" | "title" | "fieldMap">[];

/** How an audit entry reads in the Activity list: a title, one line in words, every detail for the expanded view. */
export function activityEntryOf(
  entry: AuditEntry,
  id: number,
  databases: KnownDatabases = [],
): ActivityEntry {
  const database = databaseOf(databases, entry.databaseId);
  const base = {
    id,
    at: entry.at,
    kind: entry.kind,
    databaseId: entry.databaseId,
    notionUrl: "pageId" in entry ? notionPageUrl(entry.pageId) : null,
  };
  const when: ActivityFact = { label: "When", value: fullDate(entry.at) };
  const where: ActivityFact[] = database ? [{ label: "Database", value: database.title }] : [];
  switch (entry.kind) {
    case "write": {
      const title = entry.title || "A row without a title";
      return {
        ...base,
        title,
        detail: `${writeWords(entry)} · ${capitalized(entry.reason)}`,
        facts: [
          when,
          ...where,
          { label: "Row", value: title },
          {
            label: entry.target === "notion" ? "Column in Notion" : "Short link",
            value: entry.target === "notion" ? entry.column : linkPart(entry.column),
          },
          { label: "Before", value: valueWords(entry.from) },
          { label: "After", value: valueWords(entry.to) },
          { label: "Why", value: capitalized(entry.reason) },
          { label: "Made by", value: capitalized(sourceWords(entry.source)) },
        ],
      };
    }
    case "conflict":
      return {
        ...base,
        title: entry.title,
        detail: `${entry.column}: Notion's ${entry.kept} kept; ${entry.dropped} from ${sourceWords(entry.droppedSource)} dropped`,
        facts: [
          when,
          ...where,
          { label: "Row", value: entry.title },
          { label: "Column", value: entry.column },
          { label: "Kept (Notion's value)", value: entry.kept },
          { label: "Dropped", value: entry.dropped },
          { label: "Dropped edit from", value: capitalized(sourceWords(entry.droppedSource)) },
        ],
      };
    case "connection": {
      const title = CONNECTION_WORDS[entry.change] ?? `Connection ${entry.change}`;
      return {
        ...base,
        title,
        detail: capitalized(entry.reason),
        facts: [
          when,
          ...where,
          { label: "What happened", value: title },
          { label: "Why", value: entry.reason },
        ],
      };
    }
    case "row_error":
      return {
        ...base,
        title: entry.title,
        detail: entry.message,
        facts: [
          when,
          ...where,
          { label: "Row", value: entry.title },
          { label: "Problem", value: entry.message },
          { label: "Code", value: entry.code },
        ],
      };
  }
}

/** The newest entries first, each with a stable id (its position in the log); bookkeeping left out unless asked. */
export async function activityPage(
  reader: AuditReader,
  query: ActivityQuery,
  databases: KnownDatabases = [],
): Promise<ActivityPage> {
  const matches = await reader.query(filterOf(query));
  const shown: ActivityEntry[] = [];
  matches.forEach((entry, index) => {
    if (query.bookkeeping || !isBookkeeping(entry, databases))
      shown.push(activityEntryOf(entry, index, databases));
  });
  const newestFirst = shown.reverse();
  return {
    entries: query.limit ? newestFirst.slice(0, query.limit) : newestFirst,
    total: newestFirst.length,
    hidden: matches.length - newestFirst.length,
  };
}

/** The filtered log as CSV, in core's export format (the same file `linksync audit --format csv` writes). */
export async function activityCsv(
  reader: AuditReader,
  query: ActivityQuery,
  databases: KnownDatabases = [],
): Promise<string> {
  const matches = await reader.query(filterOf(query));
  return exportAudit(
    query.bookkeeping ? matches : matches.filter((entry) => !isBookkeeping(entry, databases)),
    "csv",
  );
}

function filterOf(query: ActivityQuery) {
  const { bookkeeping: _shownOrNot, ...filter } = query;
  return { ...filter, text: query.text?.trim() || undefined, limit: undefined };
}

function isBookkeeping(entry: AuditEntry, databases: KnownDatabases): boolean {
  if (entry.kind !== "write" || entry.target !== "notion") return false;
  const map: FieldMap = databaseOf(databases, entry.databaseId)?.fieldMap ?? defaultFieldMap();
  return BOOKKEEPING_ROLES.some((role) => map[role] === entry.column);
}

/** Audit entries name the database by its id or (older ones, conflicts) by its data source id. */
function databaseOf(databases: KnownDatabases, id: string | null) {
  return id === null ? undefined : databases.find((each) => each.id === id || each.dataSourceId === id);
}

function writeWords(entry: Extract<AuditEntry, { kind: "write" }>): string {
  const subject = entry.target === "notion" ? entry.column : `The short link's ${linkPart(entry.column)}`;
  if (entry.from === null || entry.from === "") return `${subject} set to ${valueWords(entry.to)}`;
  if (entry.to === null || entry.to === "") return `${subject} cleared (was ${valueWords(entry.from)})`;
  return `${subject} changed from ${valueWords(entry.from)} to ${valueWords(entry.to)}`;
}

/** "link destination" → "destination". */
function linkPart(column: string): string {
  return column.replace(/^link /i, "");
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A value as a person reads it: a date instead of an ISO string, "empty" instead of nothing. */
function valueWords(value: string | null): string {
  if (value === null || value === "") return "empty";
  return ISO_TIME.test(value) ? fullDate(value) : value;
}

/** "Dec 3, 2026, 11:15 UTC": the log spans days and the host's and window's time zones may differ. */
function fullDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
