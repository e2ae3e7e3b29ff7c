import type { PageObjectResponse } from "@notionhq/client";
import { type PagePropertiesRequest, richTextRequest } from "../codec/encode-row-patch";
import { readProperty } from "../codec/property-values";
import type { ConflictEvent } from "../events/events";
import type { ChangeSource } from "../providers/link-provider";
import { splitRichText } from "../validation/rich-text";
import { callOptions, type OperationContext } from "./operation-context";

/**
 * The Conflict Log column: a row's recorded conflicts, one JSON object per line, newest first. Notion lists only
 * open comment discussions, so a conflict comment a user resolves disappears from `comments.list`; the log keeps
 * the record where every client reads it. An entry is written once the conflict's comment is posted, so an entry
 * means "commented" (resolved since or not) and is never posted again.
 */
export type LoggedConflict = Pick<ConflictEvent, "conflictId" | "at" | "kept" | "dropped" | "droppedSource">;

/**
 * Notion answers at most 25 rich text parts of a property in a page read (and takes ≤ 2,000 characters a part):
 * the log keeps the newest entries that fit in 25 parts, at most 20; older ones drop out (the audit log keeps them).
 */
const MAX_PARTS = 25;
const MAX_ENTRIES = 20;

const SOURCES: readonly ChangeSource[] = [
  "linksync",
  "zapier",
  "desktop",
  "shortener-api",
  "shortener-ui",
  "unknown",
];

/** The log held by a page (read with the column), newest first; unreadable lines are skipped, never guessed. */
export function conflictLogOf(
  page: PageObjectResponse,
  ctx: Pick<OperationContext, "fieldMap">,
): LoggedConflict[] {
  const key = ctx.fieldMap.conflictLog;
  if (key === undefined) return [];
  const text = readProperty(page.properties, key, "rich_text");
  return text.ok && text.value !== null ? parseConflictLog(text.value) : [];
}

/** The row's log, read fresh (one page read of that column alone); empty when the column is not mapped. */
export async function readConflictLog(
  ctx: OperationContext<"retrievePage">,
  pageId: string,
): Promise<LoggedConflict[]> {
  const key = ctx.fieldMap.conflictLog;
  if (key === undefined) return [];
  const page = await ctx.notion.retrievePage(pageId, { ...callOptions(ctx), filterProperties: [key] });
  return conflictLogOf(page, ctx);
}

export function parseConflictLog(text: string): LoggedConflict[] {
  return text.split("\n").flatMap((line) => {
    const entry = parseEntry(line);
    return entry ? [entry] : [];
  });
}

/** `entry` first, its older copy dropped, then as many older entries as fit. */
export function withEntry(log: readonly LoggedConflict[], entry: LoggedConflict): LoggedConflict[] {
  return fitting([entry, ...log.filter((e) => e.conflictId !== entry.conflictId)]);
}

/**
 * Two versions of a row's log as one: every ref once (`ours` first when both hold it), newest first, as many as
 * fit. How a writer keeps the entries another agent logged between its read and its write.
 */
export function mergeConflictLogs(
  ours: readonly LoggedConflict[],
  theirs: readonly LoggedConflict[],
): LoggedConflict[] {
  const byRef = new Map<string, LoggedConflict>();
  for (const entry of [...ours, ...theirs])
    if (!byRef.has(entry.conflictId)) byRef.set(entry.conflictId, entry);
  return fitting([...byRef.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)));
}

/** The page properties that hold `log` as it is (`{}` when the column is not mapped). */
export function conflictLogText(
  ctx: Pick<OperationContext, "fieldMap">,
  log: readonly LoggedConflict[],
): PagePropertiesRequest {
  const key = ctx.fieldMap.conflictLog;
  if (key === undefined) return {};
  return { [key]: { rich_text: richTextRequest(formatConflictLog(log)) } };
}

/** The first entries that fit Notion's limits. */
function fitting(entries: readonly LoggedConflict[]): LoggedConflict[] {
  const kept: LoggedConflict[] = [];
  for (const candidate of entries) {
    const next = [...kept, candidate];
    if (next.length > MAX_ENTRIES) break;
    if (kept.length > 0 && splitRichText(formatConflictLog(next)).length > MAX_PARTS) break;
    kept.push(candidate);
  }
  return kept;
}

export function formatConflictLog(log: readonly LoggedConflict[]): string {
  return log
    .map(({ conflictId, at, droppedSource, kept, dropped }) =>
      JSON.stringify({ ref: conflictId, at, source: droppedSource, kept, dropped }),
    )
    .join("\n");
}

function parseEntry(line: string): LoggedConflict | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // A line a person edited by hand: not a record Linksync wrote.
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { ref, at, source, kept, dropped } = value as Record<string, unknown>;
  if (typeof ref !== "string" || typeof at !== "string" || Number.isNaN(Date.parse(at))) return null;
  if (typeof kept !== "string" || typeof dropped !== "string") return null;
  const droppedSource = SOURCES.find((s) => s === source) ?? "unknown";
  return { conflictId: ref, at, kept, dropped, droppedSource };
}
