import { renderQrPng } from "@linksync/qr-png";
import { encodeRowPatch } from "../codec/encode-row-patch";
import type { QrAttachment, RowPatch } from "../codec/row-patch";
import type { OperationContext } from "../operations/operation-context";
import { type RecordedConflict, recordConflict } from "../operations/record-conflict";
import type { JsonValue, WriteIntent } from "../outbox/write-intent";
import { type PlanRowInput, planRow } from "../planning/plan-row";
import { mappedColumns } from "../planning/row-gates";
import type { PlannedChange, RowPlan, RowWrite, SyncPlan } from "../planning/row-plan";
import { type Link, ProviderError } from "../providers/link-provider";
import type { Row } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import type { RowProblem } from "../validation/row-problem";
import { auditChanges } from "./audit-trail";
import type { DatabaseContext } from "./database-context";
import { runIntent } from "./intents";

export type RowOutcome = "minted" | "updated" | "conflict" | "failed" | "skipped" | "settled";

/** Compare-and-set attempts on a link before the row is left for the next cycle. */
const MAX_LINK_ATTEMPTS = 3;

/**
 * Carries out one row's plan. Every remote write goes through the outbox (recorded, sent, settled), the row's
 * columns in one page update, the snapshot stored only once every write succeeded; then the audit log and events.
 */
export async function executePlan(
  ctx: DatabaseContext,
  row: Row,
  link: Link | null,
  plan: RowPlan,
  priority: RequestPriority,
  attempt = 1,
): Promise<RowOutcome> {
  switch (plan.kind) {
    case "skip":
      return "skipped";
    case "invalid":
      await reportProblem(ctx, row, plan.problem, plan.write, priority);
      return "failed";
    case "settle":
      await ctx.store.putSnapshots(ctx.key, [plan.snapshot]);
      return "settled";
    case "mint":
      return mint(ctx, row, plan, priority);
    case "sync":
      if (link === null) throw new Error(`A sync plan for page ${row.pageId} came without its link.`);
      return applySync(ctx, row, link, plan, priority, attempt);
  }
}

/** The planner's input for a row, filled with what the engine knows. */
export function planInput(
  ctx: DatabaseContext,
  row: Row,
  link: Link | null,
  extra: Pick<PlanRowInput, "snapshot"> & { readonly clicks?: number },
): PlanRowInput {
  return {
    row,
    link,
    mapped: mappedColumns(ctx.fieldMap),
    now: new Date(ctx.clock.now()).toISOString(),
    ...extra,
  };
}

/**
 * Mints the row's link under a `link.create` intent, then plans the row again with the link, so Short URL, Link
 * ID, Synced Destination, QR, Clicks and Last Synced go out in ONE page update.
 */
async function mint(
  ctx: DatabaseContext,
  row: Row,
  plan: Extract<RowPlan, { kind: "mint" }>,
  priority: RequestPriority,
): Promise<RowOutcome> {
  const values = {
    destination: plan.create.destination,
    tags: [...(plan.create.tags ?? [])],
    title: plan.create.title ?? row.title,
  };
  // The provider's key stays `notion-page:<id>` (one link per row, ever); the intent's key names these values too, so
  // a replay that mints with values edited since is its own intent rather than a clash with the one it replays.
  const intent: WriteIntent = {
    kind: "link.create",
    idempotencyKey: `link.create:${row.pageId}:${digest(values)}`,
    ...rowScope(ctx, row),
    ...values,
  };
  let link: Link;
  try {
    link = await runIntent(ctx, intent, () => ctx.provider.create(plan.create));
  } catch (error) {
    const problem = refusedByProvider(error);
    if (!problem) throw error;
    await reportProblem(ctx, row, problem, { patch: { syncError: problem.message }, qr: null }, priority);
    return "failed";
  }
  const next = planRow(planInput(ctx, row, link, { snapshot: null }));
  await executePlan(ctx, row, link, next, priority);
  ctx.events.emit("link.created", {
    databaseId: ctx.databaseId,
    pageId: row.pageId,
    title: row.title,
    linkId: link.id,
    shortUrl: link.shortUrl,
    destination: link.destination,
    at: new Date(ctx.clock.now()).toISOString(),
  });
  return "minted";
}

async function applySync(
  ctx: DatabaseContext,
  row: Row,
  link: Link,
  plan: SyncPlan,
  priority: RequestPriority,
  attempt: number,
): Promise<RowOutcome> {
  if (plan.link !== null) {
    const patch = plan.link;
    try {
      await runIntent(
        ctx,
        {
          kind: "link.update",
          idempotencyKey: `link.update:${link.id}:${link.version}:${digest(patch)}`,
          ...rowScope(ctx, row),
          linkId: link.id,
          ...(patch.destination !== undefined ? { destination: patch.destination } : {}),
          ...(patch.tags !== undefined ? { tags: [...patch.tags] } : {}),
          source: "linksync",
        },
        () =>
          ctx.provider.update(link.id, patch, {
            source: "linksync",
            ...(ctx.provider.capabilities.conditionalUpdate ? { ifVersion: link.version } : {}),
          }),
      );
    } catch (error) {
      if (
        !(error instanceof ProviderError && error.code === "version_conflict") ||
        attempt >= MAX_LINK_ATTEMPTS
      ) {
        throw error;
      }
      // Someone (another agent, a Zap) wrote the link since it was read: decide again from what it holds now.
      const fresh = await ctx.provider.get(link.id);
      const snapshot = await ctx.store.getSnapshot(ctx.key, row.pageId);
      const replanned = planRow(planInput(ctx, row, fresh, { snapshot }));
      return executePlan(ctx, row, fresh, replanned, priority, attempt + 1);
    }
  }
  if (plan.row !== null) await writeRow(ctx, row, plan.row, priority);
  if (plan.conflict !== null) {
    const conflict = plan.conflict;
    const recorded = await runIntent(
      ctx,
      {
        kind: "comment.create",
        idempotencyKey: `comment:${conflict.conflictId}`,
        ...rowScope(ctx, row),
        text: conflict.comment,
        marker: conflict.conflictId,
      },
      () =>
        recordConflict(operationContext(ctx, priority), {
          databaseId: ctx.databaseId,
          row: { ...row, conflictAt: plan.row?.patch.conflictAt ?? row.conflictAt },
          linkId: link.id,
          conflictId: conflict.conflictId,
          kept: conflict.kept,
          dropped: conflict.dropped,
          droppedSource: conflict.droppedSource,
          at: conflict.at,
        }),
    );
    await reportConflict(ctx, recorded);
  }
  await ctx.store.putSnapshots(ctx.key, [plan.snapshot]);
  await auditChanges(ctx, row, plan.changes, link.updatedBy);
  announceChanges(ctx, row, link, plan);
  return plan.conflict !== null ? "conflict" : "updated";
}

/** Uploads the QR first when the plan has one, then writes every column in one page update. */
async function writeRow(
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
      properties: toJson(encodeRowPatch(patch, ctx.fieldMap)),
    },
    async () => {
      const qr: QrAttachment | undefined = write.qr
        ? await ctx.notion.uploadPng(write.qr.fileName, await renderQrPng(write.qr.shortUrl), priority)
        : undefined;
      await ctx.notion.write(row.pageId, qr ? { ...patch, qr } : patch, priority);
    },
  );
}

/**
 * Marks the row's Sync Error, logs the problem and emits `row.failed`. A row whose Sync Error already says so was
 * reported when it was marked: it is not reported again every cycle.
 */
async function reportProblem(
  ctx: DatabaseContext,
  row: Row,
  problem: RowProblem,
  write: RowWrite | null,
  priority: RequestPriority,
): Promise<void> {
  if (write === null) return;
  const at = new Date(ctx.clock.now()).toISOString();
  await writeRow(ctx, row, write, priority);
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

/** A conflict is announced by the one agent whose comment landed first: one audit entry, one `conflict` event. */
export async function reportConflict(ctx: DatabaseContext, recorded: RecordedConflict): Promise<void> {
  if (!recorded.firstReport) return;
  const event = { ...recorded.event, databaseId: ctx.databaseId };
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
  ctx.events.emit("conflict", event);
}

/**
 * `link.updated` for what surfaces show as a change to a link: its Destination or tags written at the provider, an
 * outside Destination pulled into Notion, and a user's Short URL edit put back.
 */
function announceChanges(ctx: DatabaseContext, row: Row, link: Link, plan: SyncPlan): void {
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
  return { notion: ctx.gateway, provider: ctx.provider, fieldMap: ctx.fieldMap, clock: ctx.clock, priority };
}

/** The provider refused the row's values: a problem to report on the row, not a fault of the sync. */
function refusedByProvider(error: unknown): RowProblem | null {
  if (!(error instanceof ProviderError)) return null;
  if (error.code !== "invalid_destination" && error.code !== "invalid_input") return null;
  return { code: "value_malformed", column: "destination", message: error.message };
}

function rowScope(ctx: DatabaseContext, row: Row) {
  return { connectionId: ctx.key.connectionId, dataSourceId: ctx.key.dataSourceId, pageId: row.pageId };
}

function toJson(value: unknown): { readonly [column: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { readonly [column: string]: JsonValue };
}

/** A short stable digest of a write's values: part of its intent key, so distinct writes get distinct keys. */
function digest(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(value)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16);
}
