import type { RequestPriority } from "../scheduling/request-scheduler";
import { detectDrift, renamedColumns, withRenames } from "../schema/drift";
import type { DatabaseContext } from "./database-context";
import { pauseDatabase, resumeDatabase } from "./pause";

export type SchemaVerdict =
  | { readonly kind: "verified" }
  | { readonly kind: "paused"; readonly message: string };

/**
 * Checked before every cycle, before any write. A mapped column renamed in Notion is followed: columns are addressed
 * by property id, and the field map takes the new name (audited). A mapped column deleted or retyped pauses the
 * database with a message naming it; a database paused for drift resumes by itself once the schema verifies again.
 * A pause the user asked for is left alone (only `resume` lifts it).
 */
export async function guardSchema(ctx: DatabaseContext, priority: RequestPriority): Promise<SchemaVerdict> {
  const schema = await ctx.notion.schema(priority);
  const renamed = renamedColumns(schema, ctx.fieldMap, ctx.columnIds);
  if (renamed.length > 0) {
    await ctx.followRenames(withRenames(ctx.fieldMap, renamed));
    const at = new Date(ctx.clock.now()).toISOString();
    for (const { from, to } of renamed) {
      await ctx.audit.append({
        kind: "connection",
        at,
        connectionId: ctx.key.connectionId,
        databaseId: ctx.databaseId,
        change: "column_renamed",
        reason: `The column "${from}" was renamed to "${to}" in Notion; Linksync follows it by its property id.`,
      });
    }
  }
  const drift = detectDrift(schema, ctx.fieldMap, ctx.columnIds);
  const state = await ctx.store.getDatabase(ctx.key);
  const paused = state?.paused ?? null;
  if (drift) {
    if (paused?.reason !== "schema_drift" || paused.message !== drift.message) {
      await pauseDatabase(ctx, {
        reason: "schema_drift",
        message: drift.message,
        auditReason: drift.message,
      });
    }
    return { kind: "paused", message: drift.message };
  }
  if (paused?.reason === "schema_drift") await resumeDatabase(ctx, "the schema verifies again");
  else if (paused) return { kind: "paused", message: paused.message };
  return { kind: "verified" };
}
