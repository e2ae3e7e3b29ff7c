import { FIELDS } from "../fields/field-map";
import type { NotionError } from "../notion/notion-error";
import type { WriteIntent } from "../outbox/write-intent";
import { deferQr } from "../planning/defer-qr";
import { mintIdempotencyKey } from "../planning/idempotency-key";
import { type PlanRowInput, planRow } from "../planning/plan-row";
import { mappedColumns } from "../planning/row-gates";
import type { RowPlan, SyncPlan } from "../planning/row-plan";
import { type Link, ProviderError } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import { auditChanges } from "./audit-trail";
import { conflictReset, resetKey } from "./conflict-intent";
import type { DatabaseContext } from "./database-context";
import { isRowRefusal, isTrashedRefusal, WorkDeferred } from "./failures";
import { runIntent } from "./intents";
import type { WriteGate } from "./phase-outcome";
import { movedSinceRead, writesSharedColumn } from "./read-before-write";
import { dropConflictIntent, postConflict, recordConflictIntent } from "./row-conflict";
import type { RowOutcome } from "./row-outcome";
import {
  announceChanges,
  digest,
  logProblem,
  refusedByProvider,
  reportProblem,
  rowScope,
  writeRow,
} from "./row-writes";

export interface RowStepOptions {
  readonly priority: RequestPriority;
  /** What Linksync last synced of the row, when the caller holds it already; read from the store otherwise. */
  readonly snapshot?: RowSnapshot | null;
  /** The row's link, when the caller holds it already (the cycle's changed links); `currentLink` otherwise. */
  readonly link?: Link | null;
  /** Asked before the step's first remote write; `false` ends the step as `paused`, with nothing written. */
  readonly mayWrite?: WriteGate;
  /** The destination a replayed `link.create` created the link with (see `PlanRowInput.mintBase`). */
  readonly mintBase?: string | null;
  /** The row was read by page id for this step just now: its write needs no second read (see `applySync`). */
  readonly readJustNow?: boolean;
}

/** Where a plan's execution stands: its attempt, and what the step knows of the row beyond the plan. */
export interface PlanStep {
  /** 1 for a row's first plan; more after a compare-and-set the link refused. */
  readonly attempt?: number;
  /** See `RowStepOptions.mintBase`. */
  readonly mintBase?: string | null;
  /** The row was read just before this plan was made: it is not read again before a write. */
  readonly readJustNow?: boolean;
}

/**
 * THE row step: row → snapshot → link → `planRow` → the plan carried out. The cycle, a webhook's row sync and the
 * outbox replay all feed rows here, and a link that changed under a compare-and-set comes back here too.
 */
export async function syncOneRow(
  ctx: DatabaseContext,
  row: Row,
  options: RowStepOptions,
): Promise<RowOutcome> {
  const snapshot =
    options.snapshot !== undefined ? options.snapshot : await ctx.store.getSnapshot(ctx.key, row.pageId);
  const link = options.link !== undefined ? options.link : await currentLink(ctx, row, snapshot);
  const mintBase = options.mintBase ?? null;
  const plan = planRow(planInput(ctx, row, link, { snapshot, mintBase }));
  if (options.mayWrite && writesRemotely(plan) && !(await options.mayWrite())) return "paused";
  try {
    return await executePlan(ctx, row, link, plan, options.priority, {
      mintBase,
      readJustNow: options.readJustNow ?? false,
    });
  } catch (error) {
    // Notion refused this row's write (a value it rejects, the row trashed or deleted meanwhile): the row's problem,
    // never the run's. Its snapshot stays as it was, so the row is looked at again once it changes.
    if (!isRowRefusal(error)) throw error;
    await reportRefusal(ctx, row, error, options.priority);
    return "failed";
  }
}

/**
 * Logs Notion's refusal as the row's problem and, unless the row is in the trash (Notion refuses every edit
 * there), says so in its Sync Error; a refusal of that write too is left in the audit log alone.
 */
async function reportRefusal(
  ctx: DatabaseContext,
  row: Row,
  error: NotionError,
  priority: RequestPriority,
): Promise<void> {
  const column = FIELDS.find((f) => ctx.fieldMap[f.role] === error.details.column)?.role ?? "title";
  const problem = { code: "notion_refused" as const, column, message: error.message };
  await logProblem(ctx, row, problem);
  if (isTrashedRefusal(error) || row.syncError === problem.message) return;
  try {
    await ctx.notion.write(row.pageId, { syncError: problem.message }, priority);
  } catch (markError) {
    if (!isRowRefusal(markError)) throw markError;
  }
}

/**
 * The row's link as the provider holds it now. Not fetched for rows that will not sync anyway (no Destination, no
 * link yet); found by the page's idempotency key when the row lost its Link ID.
 */
export async function currentLink(
  ctx: DatabaseContext,
  row: Row,
  snapshot: RowSnapshot | null,
): Promise<Link | null> {
  const linkId = row.linkId ?? snapshot?.linkId ?? null;
  try {
    if (linkId !== null) return await ctx.provider.get(linkId);
    if (row.shortUrl === null) return null;
    return await ctx.provider.findByIdempotencyKey(mintIdempotencyKey(row.pageId));
  } catch (error) {
    throw new WorkDeferred(error);
  }
}

/** Whether carrying out a plan writes to Notion or the provider (a settle only updates the local snapshot). */
function writesRemotely(plan: RowPlan): boolean {
  return plan.kind === "mint" || plan.kind === "sync" || (plan.kind === "invalid" && plan.write !== null);
}

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
  step: PlanStep = {},
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
      return mint(ctx, row, plan, priority, step.mintBase ?? null, "with_link");
    case "sync":
      if (link === null) throw new Error(`A sync plan for page ${row.pageId} came without its link.`);
      return applySync(ctx, row, link, plan, priority, step);
  }
}

/** The planner's input for a row, filled with what the engine knows. */
export function planInput(
  ctx: DatabaseContext,
  row: Row,
  link: Link | null,
  extra: Pick<PlanRowInput, "snapshot"> & { readonly clicks?: number; readonly mintBase?: string | null },
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
 * The backfill's row step: like `executePlan` at `backfill` priority, except that a minted row's QR is left for the
 * QR phase (links first), unless the database attaches QR codes as links, which cost no request.
 */
export function executeBackfillPlan(ctx: DatabaseContext, row: Row, plan: RowPlan): Promise<RowOutcome> {
  if (plan.kind !== "mint") return executePlan(ctx, row, null, plan, "backfill");
  return mint(ctx, row, plan, "backfill", null, ctx.qrImages === "link" ? "with_link" : "later");
}

/**
 * Mints the row's link under a `link.create` intent, then plans the row again with the link, so Short URL, Link
 * ID, Synced Destination, Clicks and Last Synced go out in ONE page update, with the QR (`with_link`) or without it
 * (`later`: the QR phase uploads it, see engine/qr-phase.ts).
 */
async function mint(
  ctx: DatabaseContext,
  row: Row,
  plan: Extract<RowPlan, { kind: "mint" }>,
  priority: RequestPriority,
  replayedBase: string | null,
  qr: "with_link" | "later",
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
  // The destination the link was (first) created with: the row's now, or the replayed intent's.
  const mintBase = replayedBase ?? values.destination;
  const minted: { link: Link | null } = { link: null };
  try {
    // The intent stays pending until the link is written back to the row: a replay then knows the destination the
    // link was created with, the base of the three-way rule while the row has no Synced Destination yet.
    await runIntent(ctx, intent, async () => {
      const created = await ctx.provider.create(plan.create);
      minted.link = created;
      ctx.crashHook?.("mint.created", row.pageId);
      const next = planRow(planInput(ctx, row, created, { snapshot: null, mintBase }));
      await executePlan(ctx, row, created, qr === "later" ? deferQr(next) : next, priority, { mintBase });
      ctx.crashHook?.("mint.written", row.pageId);
    });
  } catch (error) {
    const problem = minted.link === null ? refusedByProvider(error) : null;
    if (!problem) throw error;
    await reportProblem(ctx, row, problem, { patch: { syncError: problem.message }, qr: null }, priority);
    return "failed";
  }
  const link = minted.link;
  if (link === null) throw new Error(`The link of page ${row.pageId} was created without being returned.`);
  ctx.events.emit("link.created", {
    databaseId: ctx.databaseId,
    pageId: row.pageId,
    title: row.title,
    linkId: link.id,
    shortUrl: link.shortUrl,
    destination: link.destination,
    at: new Date(ctx.clock.now()).toISOString(),
  });
  return "created";
}

async function applySync(
  ctx: DatabaseContext,
  row: Row,
  link: Link,
  plan: SyncPlan,
  priority: RequestPriority,
  step: PlanStep,
): Promise<RowOutcome> {
  const attempt = step.attempt ?? 1;
  const mintBase = step.mintBase ?? null;
  // Notion has no conditional update: a plan that writes a column Notion owns or shares (Destination, Tags) reads the
  // row again first and is made again from it if it moved since it was read (a cycle's rows are read long before
  // they are written), so a user's edit is only at risk for the round trip of this write, not the whole cycle.
  if (!step.readJustNow && writesSharedColumn(plan)) {
    const fresh = await ctx.notion.row(row.pageId, priority);
    if (fresh !== null && movedSinceRead(row, fresh)) {
      const snapshot = await ctx.store.getSnapshot(ctx.key, row.pageId);
      const replanned = planRow(planInput(ctx, fresh, link, { snapshot, mintBase }));
      return executePlan(ctx, fresh, link, replanned, priority, { ...step, readJustNow: true });
    }
  }
  const reset = plan.conflict !== null && plan.link !== null ? conflictReset(ctx, link, plan.link) : null;
  const conflictEntry =
    plan.conflict !== null ? await recordConflictIntent(ctx, row, plan.conflict, reset) : null;
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
            ...(reset !== null && conflictEntry !== null ? { idempotencyKey: resetKey(conflictEntry) } : {}),
          }),
      );
    } catch (error) {
      const moved = error instanceof ProviderError && error.code === "version_conflict";
      if (conflictEntry !== null) await dropConflictIntent(ctx, conflictEntry, error, moved);
      if (!moved || attempt >= MAX_LINK_ATTEMPTS) throw error;
      // Someone (another agent, a Zap) wrote the link since it was read: the row step again, from what it holds now.
      const fresh = await ctx.provider.get(link.id);
      const snapshot = await ctx.store.getSnapshot(ctx.key, row.pageId);
      return executePlan(
        ctx,
        row,
        fresh,
        planRow(planInput(ctx, row, fresh, { snapshot, mintBase })),
        priority,
        {
          ...step,
          attempt: attempt + 1,
        },
      );
    }
    ctx.crashHook?.("link.updated", row.pageId);
  }
  if (plan.row !== null) {
    await writeRow(ctx, row, plan.row, priority);
    ctx.crashHook?.("row.updated", row.pageId);
  }
  if (plan.conflict !== null && conflictEntry !== null) {
    const written = { ...row, conflictAt: plan.row?.patch.conflictAt ?? row.conflictAt };
    // The provider took this agent's keyed reset: the conflict is this agent's, whoever else comments.
    await postConflict(ctx, conflictEntry, written, link, plan.conflict, { owned: reset !== null, priority });
  }
  await ctx.store.putSnapshots(ctx.key, [plan.snapshot]);
  await auditChanges(ctx, row, plan.changes, link.updatedBy);
  announceChanges(ctx, row, link, plan);
  return plan.conflict !== null ? "conflict" : "updated";
}
