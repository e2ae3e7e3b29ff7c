import type { AuditEntry } from "./audit-entry";

export type AuditExportFormat = "jsonl" | "csv";

export const AUDIT_CSV_COLUMNS = [
  "at",
  "kind",
  "connection",
  "database",
  "page",
  "title",
  "column",
  "old",
  "new",
  "reason",
  "source",
  "detail",
] as const;

type CsvRow = Record<(typeof AUDIT_CSV_COLUMNS)[number], string>;

export function exportAudit(entries: readonly AuditEntry[], format: AuditExportFormat): string {
  return format === "csv" ? toCsv(entries) : toJsonLines(entries);
}

export function toJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join("");
}

/** RFC 4180 CSV (CRLF line ends, quoted where needed) with a header row, safe to open in a spreadsheet. */
export function toCsv(entries: readonly AuditEntry[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(",")];
  for (const entry of entries) {
    const row = csvRow(entry);
    lines.push(AUDIT_CSV_COLUMNS.map((column) => csvCell(row[column])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * One CSV cell. A value a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return that
 * some programs skip before looking) is prefixed with `'`: row titles and URLs come from users and third parties.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvRow(entry: AuditEntry): CsvRow {
  const base = { at: entry.at, kind: entry.kind, connection: entry.connectionId };
  switch (entry.kind) {
    case "write":
      return {
        ...base,
        database: entry.databaseId,
        page: entry.pageId,
        title: entry.title,
        column: entry.column,
        old: entry.from ?? "",
        new: entry.to ?? "",
        reason: entry.reason,
        source: entry.source,
        detail: `wrote ${entry.target}`,
      };
    case "conflict":
      return {
        ...base,
        database: entry.databaseId,
        page: entry.pageId,
        title: entry.title,
        column: entry.column,
        old: entry.dropped,
        new: entry.kept,
        reason: "both sides changed since the last sync: Notion wins",
        source: entry.droppedSource,
        detail: entry.conflictId,
      };
    case "connection":
      return {
        ...base,
        database: entry.databaseId ?? "",
        page: "",
        title: "",
        column: "",
        old: "",
        new: "",
        reason: entry.reason,
        source: "",
        detail: entry.change,
      };
    case "row_error":
      return {
        ...base,
        database: entry.databaseId,
        page: entry.pageId,
        title: entry.title,
        column: "",
        old: "",
        new: "",
        reason: entry.message,
        source: "",
        detail: entry.code,
      };
  }
}
