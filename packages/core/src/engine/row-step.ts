import { recordConflict } from "../operations/record-conflict";
import type { WriteIntent } from "../outbox/write-intent";
import { mintIdempotencyKey } from "../planning/idempotency-key";
import { type PlanRowInput, planRow } from "../planning/plan-row";
import { mappedColumns } from "../planning/row-gates";
import type { RowPlan, SyncPlan } from "../planning/row-plan";
import { type Link, ProviderError } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import type { RequestPriority } from "../scheduling/request-scheduler";
import { auditChanges } from "./audit-trail";
import type { DatabaseContext } from "./database-context";
import { WorkDeferred } from "./failures";
import { runIntent } from "./intents";
import type { WriteGate } from "./phase-outcome";
import type { RowOutcome } from "./row-outcome";
import {
  announceChanges,
  digest,
  operationContext,
  refusedByProvider,
  reportConflict,
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
  const plan = planRow(planInput(ctx, row, link, { snapshot }));
  if (options.mayWrite && writesRemotely(plan) && !(await options.mayWrite())) return "paused";
  return executePlan(ctx, row, link, plan, options.priority);
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
  await executePlan(ctx, row, link, planRow(planInput(ctx, row, link, { snapshot: null })), priority);
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
      // Someone (another agent, a Zap) wrote the link since it was read: the row step again, from what it holds now.
      const fresh = await ctx.provider.get(link.id);
      const snapshot = await ctx.store.getSnapshot(ctx.key, row.pageId);
      return executePlan(
        ctx,
        row,
        fresh,
        planRow(planInput(ctx, row, fresh, { snapshot })),
        priority,
        attempt + 1,
      );
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
