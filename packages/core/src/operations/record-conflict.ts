import type { CommentObjectResponse } from "@notionhq/client";
import { encodeRowPatch, type PagePropertiesRequest, richTextRequest } from "../codec/encode-row-patch";
import type { ConflictEvent } from "../events/events";
import {
  formatConflictComment,
  type ParsedConflictComment,
  parseConflictComment,
} from "../merge/conflict-comment";
import { NotionError } from "../notion/notion-error";
import type { ChangeSource } from "../providers/link-provider";
import type { Row } from "../rows/row";
import {
  conflictLogText,
  type LoggedConflict,
  mergeConflictLogs,
  readConflictLog,
  withEntry,
} from "./conflict-log";
import { callOptions, nowIso, type OperationContext } from "./operation-context";

export interface ConflictFinding {
  /** The id the event carries for the database: the agent's own, or the data source id for stateless callers. */
  readonly databaseId: string;
  readonly row: Pick<Row, "pageId" | "url" | "title" | "conflictAt">;
  readonly linkId: string;
  /** From `conflictId()`: every agent derives the same id for the same conflict. */
  readonly conflictId: string;
  readonly kept: string;
  readonly dropped: string;
  readonly droppedSource: ChangeSource;
  /** ISO-8601 UTC; default now. */
  readonly at?: string;
  /**
   * The caller knows the conflict is its own: the provider took its reset of the link (engine/conflict-intent.ts).
   * It then reports whichever comment is first. Absent, the first comment with the ref decides (`firstReport`).
   */
  readonly owned?: true;
}

export interface RecordedConflict {
  readonly event: ConflictEvent;
  /**
   * True when the caller reports the conflict: it owns it (`finding.owned`), or the row's first comment with this
   * conflict's ref is the caller's: posted by this call, or, after a crash between posting and reporting, the one
   * stating the caller's own time of the conflict (`finding.at`, to the second: two agents finding it in the same
   * second cannot tell their comments apart, which is why agents whose provider keys its updates pass `owned`).
   * False when another agent's comment came first, even by a hair, or when the caller gave no time and found the
   * comment there: the caller must not report it.
   */
  readonly firstReport: boolean;
}

/** The Notion calls recording a conflict makes: the row's log read, Conflict At and the log written, its comments. */
export type ConflictCalls = "retrievePage" | "updatePage" | "listComments" | "createComment";

/**
 * Records a Destination conflict where any client holding the Notion token can read it: the row's Conflict At is
 * set (the index `listConflicts` queries), then one comment in the contract's words ending with the conflict's ref,
 * then the row's Conflict Log (conflict-log.ts), which keeps the record once a user resolves the comment.
 * Idempotent: the log, then the row's open comments are searched for the ref first, so a replay or a later agent
 * never posts twice, even after the comment was resolved. Two agents racing may both post; each then reads the row
 * back and only the one whose comment came first reports.
 * Each agent's comment states the time it found the conflict, which is how a replay recognises its own.
 */
export async function recordConflict(
  ctx: OperationContext<ConflictCalls>,
  finding: ConflictFinding,
): Promise<RecordedConflict> {
  const { row } = finding;
  const log = await readConflictLog(ctx, row.pageId);
  const logged = log.find((c) => c.conflictId === finding.conflictId);
  if (logged) {
    await indexConflict(ctx, row, logged.at, {});
    return {
      event: conflictEvent(finding.databaseId, row, finding.linkId, logged),
      firstReport: finding.owned ?? statesCallersTime(finding, logged.at.slice(11, 19)),
    };
  }
  const existing = await findConflictComment(ctx, row.pageId, finding.conflictId);
  const at = existing ? existing.at : conflictInstant(finding.at ?? nowIso(ctx));
  if (existing) {
    // Commented by an agent that stopped before logging it (or before the log column existed): log it now.
    await logConflict(ctx, row, { ...finding, at });
    return {
      event: conflictEvent(finding.databaseId, row, finding.linkId, { ...finding, at }),
      firstReport: finding.owned ?? statesCallersTime(finding, existing.time),
    };
  }
  // The index goes first: a comment that no Conflict At points to would never reach the New Conflict trigger.
  await indexConflict(ctx, row, at, {});
  const posted = await postConflictComment(ctx, finding, at);
  const first = (await findConflictComment(ctx, row.pageId, finding.conflictId)) ?? posted;
  // Logged only once the comment is there: an entry means "commented", so a replay never posts again.
  await logConflict(ctx, { ...row, conflictAt: at }, { ...finding, at: first.at });
  return {
    event: conflictEvent(finding.databaseId, row, finding.linkId, { ...finding, at: first.at }),
    firstReport: finding.owned ?? first.commentId === posted.commentId,
  };
}

/**
 * Whether the first comment (or its log entry), which says `time` (`HH:MM:SS`), is the caller's: it states the time
 * the caller found the conflict. A replay after a crash between posting and reporting knows its comment this way.
 */
function statesCallersTime(finding: ConflictFinding, time: string): boolean {
  return finding.at !== undefined && conflictInstant(finding.at).slice(11, 19) === time;
}

/** How many times `logConflict` writes the log before it leaves a lost entry to the comment (see there). */
const LOG_WRITES = 3;

/**
 * Writes `entry` into the row's Conflict Log, with Conflict At when older. Notion has no conditional update, and two
 * agents logging different conflicts on one row would each write the log they read, dropping the other's entry. So
 * the log is read again right before the write and merged by ref, then read back: entries the write held that
 * another write dropped are merged in and written again (at most LOG_WRITES writes). Left open: a write whose read
 * came before ours landed, landing after our read-back (one round trip wide). The dropped conflict keeps its comment
 * and audit entry, and the next `recordConflict` of it logs it again from the comment.
 */
async function logConflict(
  ctx: OperationContext<"retrievePage" | "updatePage">,
  row: ConflictFinding["row"],
  entry: LoggedConflict,
): Promise<void> {
  let wanted: LoggedConflict[] = [entry];
  for (let write = 1; ; write++) {
    const fresh = await readConflictLog(ctx, row.pageId);
    const log = write === 1 ? withEntry(fresh, entry) : mergeConflictLogs(wanted, fresh);
    await indexConflict(ctx, row, entry.at, conflictLogText(ctx, log), true);
    if (ctx.fieldMap.conflictLog === undefined) return;
    const after = new Set((await readConflictLog(ctx, row.pageId)).map((e) => e.conflictId));
    if (log.every((e) => after.has(e.conflictId)) || write === LOG_WRITES) return;
    wanted = log;
  }
}

/** Sets Conflict At when it is older than `at`, with `also` (the log) in the same page update. */
async function indexConflict(
  ctx: OperationContext<"updatePage">,
  row: ConflictFinding["row"],
  at: string,
  also: PagePropertiesRequest,
  force = false,
): Promise<void> {
  const stale = row.conflictAt === null || Date.parse(row.conflictAt) < Date.parse(at);
  if (!stale && (!force || Object.keys(also).length === 0)) return;
  await ctx.notion.updatePage(
    {
      page_id: row.pageId,
      properties: { ...(stale ? encodeRowPatch({ conflictAt: at }, ctx.fieldMap) : {}), ...also },
    },
    callOptions(ctx),
  );
}

/** The event for a conflict recorded on a row, as every surface receives it. */
export function conflictEvent(
  databaseId: string,
  row: Pick<Row, "pageId" | "url" | "title">,
  linkId: string,
  facts: Pick<ConflictEvent, "conflictId" | "kept" | "dropped" | "droppedSource" | "at">,
): ConflictEvent {
  return {
    conflictId: facts.conflictId,
    databaseId,
    pageId: row.pageId,
    pageUrl: row.url,
    title: row.title,
    linkId,
    field: "destination",
    kept: facts.kept,
    dropped: facts.dropped,
    droppedSource: facts.droppedSource,
    winner: "notion",
    at: facts.at,
  };
}

export interface ConflictOnRow extends ParsedConflictComment {
  readonly commentId: string;
  /** ISO-8601 UTC: the comment's date with the time of day it states. */
  readonly at: string;
}

/** Every conflict recorded on a row, oldest first. */
export async function conflictsOnRow(
  ctx: OperationContext<"listComments">,
  pageId: string,
): Promise<ConflictOnRow[]> {
  const comments = await ctx.notion.listComments(pageId, callOptions(ctx));
  return comments.flatMap((comment) => {
    const parsed = parseConflictComment(plainText(comment));
    if (!parsed) return [];
    return [{ ...parsed, commentId: comment.id, at: conflictTime(comment.created_time, parsed.time) }];
  });
}

async function findConflictComment(
  ctx: OperationContext<"listComments">,
  pageId: string,
  conflictId: string,
): Promise<ConflictOnRow | undefined> {
  return (await conflictsOnRow(ctx, pageId)).find((c) => c.conflictId === conflictId);
}

/** Posts the conflict's comment and answers it as read back; a comment that may have landed is looked for first. */
async function postConflictComment(
  ctx: OperationContext<"listComments" | "createComment">,
  finding: ConflictFinding,
  at: string,
): Promise<ConflictOnRow> {
  const { pageId } = finding.row;
  const post = async (): Promise<ConflictOnRow> => {
    const comment = await ctx.notion.createComment(
      { parent: { page_id: pageId }, rich_text: richTextRequest(formatConflictComment({ ...finding, at })) },
      callOptions(ctx),
    );
    const { conflictId, kept, dropped, droppedSource } = finding;
    return { conflictId, kept, dropped, droppedSource, time: at.slice(11, 19), commentId: comment.id, at };
  };
  try {
    return await post();
  } catch (error) {
    if (!(error instanceof NotionError && error.details.outcomeUnknown)) throw error;
    return (await findConflictComment(ctx, pageId, finding.conflictId)) ?? (await post());
  }
}

function plainText(comment: CommentObjectResponse): string {
  return comment.rich_text.map((part) => part.plain_text).join("");
}

/** A conflict's time to the second, as its comment states it, so every agent reading it back agrees. */
export function conflictInstant(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}.000Z`;
}

const DAY_MS = 86_400_000;

/**
 * A comment says only the time of day; its date is the comment's `created_time`, which Notion rounds down to the
 * minute. A conflict at 23:59:59 commented at 00:00 belongs to the day before.
 */
export function conflictTime(createdTime: string, timeOfDay: string): string {
  const created = Date.parse(createdTime);
  const sameDay = Date.parse(`${new Date(created).toISOString().slice(0, 10)}T${timeOfDay}Z`);
  const at = sameDay - created > 60_000 ? sameDay - DAY_MS : sameDay;
  return new Date(at).toISOString();
}
