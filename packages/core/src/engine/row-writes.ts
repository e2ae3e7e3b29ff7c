import { renderQrPng } from "@linksync/qr-png";
import { encodeRowPatch } from "../codec/encode-row-patch";
import type { QrAttachment, RowPatch } from "../codec/row-patch";
import type { OperationContext } from "../operations/operation-context";
import type { RecordedConflict } from "../operations/record-conflict";
import type { JsonValue } from "../outbox/write-intent";
import { qrImageUrlFor } from "../planning/qr-file-name";
import type { PlannedChange, QrUpload, RowWrite, SyncPlan } from "../planning/row-plan";
import { type Link, ProviderError } from "../providers/link-provider";
import type { Row } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import type { RowProblem } from "../validation/row-problem";
import type { DatabaseContext } from "./database-context";
import { runIntent } from "./intents";

/*
 * The writes and reports a row step makes (its one page update, a row problem, a conflict report, the events), each
 * through the outbox when it is a remote write. The step itself, deciding which of them to make, is row-step.ts.
 */

/** Uploads the QR first when the plan has one, then writes every column in one page update. */
export async function writeRow(
  ctx: DatabaseContext,
  row: Row,
  write: RowWrite,
  priority: RequestPriority,
): Promise<void> {
  const patch: RowPatch = write.patch;
  await runIntent(
    ctx,
    {
      kind: "page.update",
      idempotencyKey: `page.update:${row.pageId}:${digest(patch)}`,
      ...rowScope(ctx, row),
      properties: toJson(encodeRowPatch(patch, ctx.columns)),
    },
    async () => {
      const qr = write.qr ? await qrAttachment(ctx, write.qr, priority) : undefined;
      await ctx.notion.write(row.pageId, qr ? { ...patch, qr } : patch, priority);
    },
  );
}

/**
 * The QR image for the page update: uploaded (create + send), or the provider's image URL at no request. One row's
 * QR is uploaded under `import` too: an import is only cheaper when its status is read for many at once (the QR
 * phase), and this row's write would otherwise wait for Notion's download.
 */
export async function qrAttachment(
  ctx: DatabaseContext,
  qr: QrUpload,
  priority: RequestPriority,
): Promise<QrAttachment> {
  if (ctx.qrImages === "link") return { externalUrl: qrImageUrlFor(qr.shortUrl), fileName: qr.fileName };
  return ctx.notion.uploadPng(qr.fileName, await renderQrPng(qr.shortUrl), priority);
}

/**
 * Marks the row's Sync Error, logs the problem and emits `row.failed`. A row whose Sync Error already says so was
 * reported when it was marked: it is not reported again every cycle.
 */
export async function reportProblem(
  ctx: DatabaseContext,
  row: Row,
  problem: RowProblem,
  write: RowWrite | null,
  priority: RequestPriority,
): Promise<void> {
  if (write === null) return;
  await writeRow(ctx, row, write, priority);
  await logProblem(ctx, row, problem);
}

/** The audit entry and `row.failed` event of a row problem. */
export async function logProblem(ctx: DatabaseContext, row: Row, problem: RowProblem): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  await ctx.audit.append({
    kind: "row_error",
    at,
    connectionId: ctx.key.connectionId,
    databaseId: ctx.databaseId,
    pageId: row.pageId,
    title: row.title,
    code: problem.code,
    message: problem.message,
  });
  ctx.events.emit("row.failed", {
    databaseId: ctx.databaseId,
    pageId: row.pageId,
    title: row.title,
    code: problem.code,
    message: problem.message,
    at,
  });
}

/**
 * A conflict is announced once, by the agent whose reset of the link won (`firstReport`; see engine/conflict-intent.ts),
 * or, with a provider that cannot say so, by the agent whose comment is the row's first with its ref (an agent posts
 * one only when its reset went through or may have). Never twice by one agent, whose audit log is checked first (a
 * replay after a crash between the report and the intent's settling). The event goes out and is kept in the inbox
 * before the audit entry is written, so a crash between them replays the event (the inbox and the shortener drop
 * the repeat) rather than losing it.
 */
export async function reportConflict(ctx: DatabaseContext, recorded: RecordedConflict): Promise<void> {
  if (!recorded.firstReport) return;
  const event = { ...recorded.event, databaseId: ctx.databaseId };
  if (await alreadyAudited(ctx, event.conflictId)) return;
  ctx.events.emit("conflict", event);
  await ctx.keepConflict?.(event);
  await ctx.audit.append({
    kind: "conflict",
    at: event.at,
    connectionId: ctx.key.connectionId,
    databaseId: ctx.databaseId,
    pageId: event.pageId,
    title: event.title,
    conflictId: event.conflictId,
    column: ctx.fieldMap.destination,
    kept: event.kept,
    dropped: event.dropped,
    droppedSource: event.droppedSource,
  });
}

async function alreadyAudited(ctx: DatabaseContext, conflictId: string): Promise<boolean> {
  const entries = await ctx.audit.query({ kind: "conflict", databaseId: ctx.databaseId, text: conflictId });
  return entries.some((entry) => entry.kind === "conflict" && entry.conflictId === conflictId);
}

/**
 * `link.updated` for what surfaces show as a change to a link: its Destination or tags written at the provider, an
 * outside Destination pulled into Notion, and a user's Short URL edit put back.
 */
export function announceChanges(ctx: DatabaseContext, row: Row, link: Link, plan: SyncPlan): void {
  const at = new Date(ctx.clock.now()).toISOString();
  for (const change of plan.changes.filter(isLinkEvent)) {
    ctx.events.emit("link.updated", {
      databaseId: ctx.databaseId,
      pageId: row.pageId,
      linkId: link.id,
      field: change.field,
      from: change.from ?? "",
      to: change.to ?? "",
      source: change.reason === "outside_edit" ? link.updatedBy : "notion",
      at,
    });
  }
}

function isLinkEvent(
  change: PlannedChange,
): change is PlannedChange & { readonly field: "destination" | "tags" | "shortUrl" } {
  if (change.target === "link") return change.field === "destination" || change.field === "tags";
  return change.field === "destination" || (change.field === "shortUrl" && change.reason === "reverted");
}

/** The stateless operations' view of this database, at the engine's priority. */
export function operationContext(ctx: DatabaseContext, priority: RequestPriority): OperationContext {
  return { notion: ctx.gateway, provider: ctx.provider, fieldMap: ctx.columns, clock: ctx.clock, priority };
}

/** The provider refused the row's values: a problem to report on the row, not a fault of the sync. */
export function refusedByProvider(error: unknown): RowProblem | null {
  if (!(error instanceof ProviderError)) return null;
  if (error.code !== "invalid_destination" && error.code !== "invalid_input") return null;
  return { code: "value_malformed", column: "destination", message: error.message };
}

export function rowScope(ctx: DatabaseContext, row: Row) {
  return { connectionId: ctx.key.connectionId, dataSourceId: ctx.key.dataSourceId, pageId: row.pageId };
}

export function toJson(value: unknown): { readonly [column: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { readonly [column: string]: JsonValue };
}

/** A short stable digest of a write's values: part of its intent key, so distinct writes get distinct keys. */
export function digest(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(value)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16);
}
