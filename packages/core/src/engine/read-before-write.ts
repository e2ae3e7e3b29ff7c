import type { SyncPlan } from "../planning/row-plan";
import type { Row } from "../rows/row";

/*
 * Read before write: Notion has no conditional update, so a plan that writes a column Notion owns or shares
 * (Destination, Tags) reads the row again first and is made again from it if it moved since it was read.
 */

/** Whether the plan's page update writes a column Notion owns or shares with the link. */
export function writesSharedColumn(plan: SyncPlan): boolean {
  const patch = plan.row?.patch;
  return patch !== undefined && (patch.destination !== undefined || patch.tags !== undefined);
}

/** Whether a value a plan is made from changed since the row was read (Notion's side, or another agent's write). */
export function movedSinceRead(read: Row, now: Row): boolean {
  return (
    read.destination !== now.destination ||
    !sameTagSet(read.tags, now.tags) ||
    JSON.stringify(read.sync) !== JSON.stringify(now.sync) ||
    read.inTrash !== now.inTrash ||
    read.syncedDestination !== now.syncedDestination ||
    read.linkId !== now.linkId ||
    read.shortUrl !== now.shortUrl
  );
}

function sameTagSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((tag) => set.has(tag));
}
