import type { FieldMap } from "../fields/field-map";
import { checkDestination } from "../validation/destination";
import { checkRichTextLength } from "../validation/rich-text";
import type { RowProblemCode } from "../validation/row-problem";
import { checkTags } from "../validation/tags";
import { parseCsv } from "./csv";

/** Most rows one file may hold: beyond it, split the file (an import runs at Notion's pace, about a row a second). */
export const MAX_IMPORT_ROWS = 10_000;

export type ImportRowProblemCode = RowProblemCode | "title_missing" | "duplicate_in_file" | "tags_unmapped";

export interface ImportRowProblem {
  readonly code: ImportRowProblemCode;
  readonly message: string;
}

export interface ImportPreviewRow {
  /** The line of the file the row starts on, counting the header as line 1. */
  readonly line: number;
  readonly title: string;
  /** As it will be written: surrounding spaces removed. */
  readonly destination: string;
  readonly tags: readonly string[];
  /** Empty when the row can be imported. */
  readonly errors: readonly ImportRowProblem[];
}

export type ImportFileProblemCode = "file_empty" | "columns_missing" | "too_many_rows" | "quote_unclosed";

export interface ImportFileProblem {
  readonly code: ImportFileProblemCode;
  readonly message: string;
}

export interface ImportPreview {
  readonly rows: readonly ImportPreviewRow[];
  /** Rows without errors. */
  readonly ready: number;
  /** Problems with the file as a whole: while any is present nothing is imported. */
  readonly fileErrors: readonly ImportFileProblem[];
}

type ImportColumn = "title" | "destination" | "tags";

/**
 * Reads a CSV of destinations and says, row by row, what would be imported and what is wrong, before anything is
 * written. The header names the columns `title`, `destination` and optionally `tags` (any case), or the database's
 * own column names from `fieldMap` (say "Name"); tags are separated by `;` or `|` in their cell. Rows are checked
 * with the rules the sync applies to Notion rows; a row repeating an earlier one (same title and destination) is
 * flagged, since importing it would only find the first. Pure.
 */
export function previewImport(csvText: string, fieldMap?: FieldMap): ImportPreview {
  const parsed = parseCsv(csvText);
  if (parsed.unclosedQuoteLine !== null) {
    return refused(
      "quote_unclosed",
      `A quoted cell opens on line ${parsed.unclosedQuoteLine} and is never closed. Add the closing " (a quote inside a cell is written "").`,
    );
  }
  const [header, ...body] = parsed.records;
  if (!header)
    return refused("file_empty", "The file is empty. Export a CSV with a title and a destination column.");
  const index = columnIndex(header.cells, fieldMap);
  const missing = (["title", "destination"] as const).filter((column) => index[column] === -1);
  if (missing.length > 0) {
    return refused(
      "columns_missing",
      `The first line must name the columns; ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing (found: ${header.cells.map((c) => `"${c.trim()}"`).join(", ")}).`,
    );
  }
  if (body.length > MAX_IMPORT_ROWS) {
    return refused(
      "too_many_rows",
      `The file has ${body.length.toLocaleString("en-US")} rows; one import takes at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")}. Split it into smaller files.`,
    );
  }
  const firstLine = new Map<string, number>();
  const rows = body.map(({ line, cells }): ImportPreviewRow => {
    const cell = (column: ImportColumn) => (index[column] === -1 ? "" : (cells[index[column]] ?? ""));
    const title = cell("title").trim();
    const rawDestination = cell("destination");
    const destination = rawDestination.trim();
    const tags = splitTags(cell("tags"));
    const errors = [
      ...titleProblems(title),
      ...destinationProblems(rawDestination),
      ...tagProblems(tags, fieldMap),
    ];
    const key = JSON.stringify([title, destination]);
    const earlier = firstLine.get(key);
    if (earlier === undefined) firstLine.set(key, line);
    else
      errors.push({
        code: "duplicate_in_file",
        message: `Line ${earlier} has the same title and destination; this line is left out. Remove one of them.`,
      });
    return { line, title, destination, tags, errors };
  });
  return { rows, ready: rows.filter((row) => row.errors.length === 0).length, fileErrors: [] };
}

function refused(code: ImportFileProblemCode, message: string): ImportPreview {
  return { rows: [], ready: 0, fileErrors: [{ code, message }] };
}

/** Where each column is in the header: its role's name or the database's name for it, case and spaces ignored. */
function columnIndex(header: readonly string[], fieldMap?: FieldMap): Record<ImportColumn, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  const find = (column: ImportColumn) => {
    const aliases = [column, fieldMap?.[column]?.toLowerCase()].filter((n): n is string => Boolean(n));
    return names.findIndex((name) => aliases.includes(name));
  };
  return { title: find("title"), destination: find("destination"), tags: find("tags") };
}

function splitTags(cell: string): string[] {
  return cell
    .split(/[;|]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

function titleProblems(title: string): ImportRowProblem[] {
  if (title === "")
    return [
      { code: "title_missing", message: "Title is empty. Give the row a name to find it by in Notion." },
    ];
  const tooLong = checkRichTextLength("title", title);
  return tooLong ? [{ code: tooLong.code, message: tooLong.message }] : [];
}

function destinationProblems(destination: string): ImportRowProblem[] {
  const check = checkDestination(destination);
  return check.ok ? [] : [{ code: check.problem.code, message: check.problem.message }];
}

function tagProblems(tags: readonly string[], fieldMap?: FieldMap): ImportRowProblem[] {
  if (tags.length > 0 && fieldMap && !fieldMap.tags) {
    return [
      {
        code: "tags_unmapped",
        message:
          "This database has no Tags column, so these tags cannot be kept. Map a Tags column in Linksync, or empty the cell.",
      },
    ];
  }
  return checkTags(tags).refused.map(({ tag, problem }) => ({
    code: problem.code,
    message: tagAdvice(tag, problem.code) ?? problem.message,
  }));
}

/** The tag rules' sentences tell a sync to fix the tag at the provider; in a file, the fix is in the file. */
function tagAdvice(tag: string, code: RowProblemCode): string | null {
  const shown = tag.length > 40 ? `${tag.slice(0, 37)}...` : tag;
  if (code === "tag_comma")
    return `Tag "${shown}" contains a comma, which Notion does not allow in a tag. Separate tags with ; or |, or use a dash.`;
  if (code === "tag_too_long")
    return `Tag "${shown}" is ${tag.length} characters long; Notion allows at most 100. Shorten it in the file.`;
  return null;
}
