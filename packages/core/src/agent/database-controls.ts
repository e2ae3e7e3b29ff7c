import { pauseDatabase, resumeDatabase } from "../engine/pause";
import type { DatabaseRunner } from "./database-runner";

/**
 * What the user does to one attached database: pause it, resume it, or sync it anew from scratch. Pausing and
 * resuming go through engine/pause.ts like every other pause (schema drift, a revoked token).
 */
export async function pauseByUser(runner: DatabaseRunner): Promise<void> {
  await pauseDatabase(runner.ctx, {
    reason: "user",
    message: "Paused by the user. Resume to sync again.",
    auditReason: "paused by the user",
  });
}

/** Lifts the database's pause, whoever set it; a database that is not paused is left as it is. */
export async function resumeByUser(runner: DatabaseRunner): Promise<void> {
  await resumeIfPaused(runner, "resumed by the user");
}

/** Resumes the database if paused, forgets its watermark and provider cursor, and runs it: every row is read again. */
export async function forceResync(runner: DatabaseRunner): Promise<void> {
  const { ctx } = runner;
  await resumeIfPaused(runner, "force re-sync");
  await ctx.store.updateDatabase(ctx.key, { watermark: null, providerCursor: null });
  await runner.run();
}

async function resumeIfPaused(runner: DatabaseRunner, reason: string): Promise<void> {
  const { ctx } = runner;
  if ((await ctx.store.getDatabase(ctx.key))?.paused) await resumeDatabase(ctx, reason);
}
