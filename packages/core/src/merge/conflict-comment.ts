import type { ChangeSource } from "../providers/link-provider";
import { isConflictId } from "./conflict-id";

/** Where a dropped write came from, as a comment says it. Declared once so formatting and parsing agree. */
const SOURCE_LABELS: { readonly [S in ChangeSource]: string } = {
  zapier: "Zapier",
  desktop: "the Linksync app",
  "shortener-api": "the shortener API",
  "shortener-ui": "the shortener",
  linksync: "Linksync",
  unknown: "the link provider",
};

export interface ConflictComment {
  readonly conflictId: string;
  /** ISO-8601 UTC; the comment shows its time of day (the comment's own date is Notion's `created_time`). */
  readonly at: string;
  readonly kept: string;
  readonly dropped: string;
  readonly droppedSource: ChangeSource;
}

export interface ParsedConflictComment {
  readonly conflictId: string;
  /** `HH:MM:SS`, UTC. */
  readonly time: string;
  readonly kept: string;
  readonly dropped: string;
  readonly droppedSource: ChangeSource;
}

/**
 * The comment posted on a row for a Destination conflict. It ends with a machine ref so a replay can tell the
 * comment is already there and a stateless client (Zapier's New Conflict trigger) can list conflicts from comments.
 */
export function formatConflictComment({
  conflictId,
  at,
  kept,
  dropped,
  droppedSource,
}: ConflictComment): string {
  const time = new Date(at).toISOString().slice(11, 19);
  return `Destination conflict at ${time} UTC: kept Notion value ${kept}, dropped ${dropped} (from ${SOURCE_LABELS[droppedSource]}). ref ${conflictId}`;
}

const COMMENT =
  /^Destination conflict at (\d{2}:\d{2}:\d{2}) UTC: kept Notion value (.+), dropped (.+) \(from ([^()]+)\)\. ref (\S+)$/s;

/** Reads back a comment written by `formatConflictComment`; `null` for any other comment. */
export function parseConflictComment(text: string): ParsedConflictComment | null {
  const match = COMMENT.exec(text.trim());
  if (!match) return null;
  const [, time, kept, dropped, label, conflictId] = match;
  const droppedSource = sourceOf(label ?? "");
  if (!time || !kept || !dropped || !conflictId || !isConflictId(conflictId) || !droppedSource) return null;
  return { conflictId, time, kept, dropped, droppedSource };
}

function sourceOf(label: string): ChangeSource | null {
  const entry = Object.entries(SOURCE_LABELS).find(([, text]) => text === label);
  return entry ? (entry[0] as ChangeSource) : null;
}
