import type { RequestPriority } from "../scheduling/request-scheduler";
import { detectDrift } from "../schema/drift";
import type { DatabaseContext } from "./database-context";

export type SchemaVerdict =
  | { readonly kind: "verified" }
  | { readonly kind: "paused"; readonly message: string };

/**
 * Checked before every cycle, before any write: a mapped column renamed away, deleted or retyped pauses the database
 * with a message naming it; a database paused for drift resumes by itself once the schema verifies again. A pause
 * the user asked for is left alone (only `resume` lifts it).
 */
export async function guardSchema(ctx: DatabaseContext, priority: RequestPriority): Promise<SchemaVerdict> {
  const drift = detectDrift(await ctx.notion.schema(priority), ctx.fieldMap, ctx.columnIds);
  const state = await ctx.store.getDatabase(ctx.key);
  const paused = state?.paused ?? null;
  const at = new Date(ctx.clock.now()).toISOString();
  if (drift) {
    if (paused?.reason !== "schema_drift" || paused.message !== drift.message) {
      await ctx.store.updateDatabase(ctx.key, {
        paused: { reason: "schema_drift", message: drift.message, at },
      });
      await ctx.audit.append({
        kind: "connection",
        at,
        connectionId: ctx.key.connectionId,
        databaseId: ctx.databaseId,
        change: "paused",
        reason: drift.message,
      });
      ctx.events.emit("sync.paused", {
        databaseId: ctx.databaseId,
        reason: "schema_drift",
        message: drift.message,
        at,
      });
    }
    return { kind: "paused", message: drift.message };
  }
  if (paused?.reason === "schema_drift") await resumeDatabase(ctx, "the schema verifies again");
  else if (paused) return { kind: "paused", message: paused.message };
  return { kind: "verified" };
}

/** Lifts a pause, logged and announced. */
export async function resumeDatabase(ctx: DatabaseContext, reason: string): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  await ctx.store.updateDatabase(ctx.key, { paused: null });
  await ctx.audit.append({
    kind: "connection",
    at,
    connectionId: ctx.key.connectionId,
    databaseId: ctx.databaseId,
    change: "resumed",
    reason,
  });
  ctx.events.emit("sync.resumed", { databaseId: ctx.databaseId, at });
}
