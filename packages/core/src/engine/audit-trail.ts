import type { WriteAuditEntry } from "../audit/audit-entry";
import type { ChangeReason, PlannedChange } from "../planning/row-plan";
import type { ChangeSource } from "../providers/link-provider";
import type { DatabaseContext } from "./database-context";

/** How each reason reads in the audit log. */
const REASONS: { readonly [R in ChangeReason]: string } = {
  notion_edit: "Destination edited in Notion: pushed to the link",
  outside_edit: "Destination edited outside Notion: pulled into Notion",
  conflict: "Destination edited on both sides: Notion wins, link reset",
  tags_merge: "tags merged (three-way)",
  filled: "filled by Linksync",
  reverted: "edited by someone else: put back",
  clicks_refreshed: "click count refreshed",
  error_reported: "row problem reported",
  error_cleared: "row problem cleared",
  bookkeeping: "Linksync bookkeeping",
};

export interface AuditSubject {
  readonly pageId: string;
  readonly title: string;
}

/** One audit entry per planned change that was written, appended together. */
export async function auditChanges(
  ctx: DatabaseContext,
  subject: AuditSubject,
  changes: readonly PlannedChange[],
  source: ChangeSource | "notion",
): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  const entries = changes
    .filter((change) => change.field !== "lastSynced")
    .map(
      (change): WriteAuditEntry => ({
        kind: "write",
        at,
        connectionId: ctx.key.connectionId,
        databaseId: ctx.databaseId,
        pageId: subject.pageId,
        title: subject.title,
        target: change.target === "link" ? "provider" : "notion",
        column:
          change.target === "link" ? `link ${change.field}` : (ctx.fieldMap[change.field] ?? change.field),
        from: change.from,
        to: change.to,
        reason: REASONS[change.reason],
        source: change.reason === "outside_edit" ? source : "linksync",
      }),
    );
  if (entries.length > 0) await ctx.audit.append(...entries);
}
