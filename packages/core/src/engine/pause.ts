import type { PauseReason } from "../events/events";
import type { DatabaseContext } from "./database-context";

/** What pausing and resuming touch: the database's stored state, the audit log and the event bus. */
export type PauseContext = Pick<
  DatabaseContext,
  "databaseId" | "key" | "store" | "audit" | "events" | "clock"
>;

export interface Pause {
  readonly reason: PauseReason;
  /** Shown on the database: what happened and what to do. */
  readonly message: string;
  /** Why, for the audit log. */
  readonly auditReason: string;
}

/**
 * The one way a database is paused, whoever asks (the user, the schema guard, a revoked token): the pause is
 * stored, logged and announced with `sync.paused`, which also moves the database's status.
 */
export async function pauseDatabase(ctx: PauseContext, pause: Pause): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  await ctx.store.updateDatabase(ctx.key, { paused: { reason: pause.reason, message: pause.message, at } });
  await ctx.audit.append({
    kind: "connection",
    at,
    connectionId: ctx.key.connectionId,
    databaseId: ctx.databaseId,
    change: "paused",
    reason: pause.auditReason,
  });
  ctx.events.emit("sync.paused", {
    databaseId: ctx.databaseId,
    reason: pause.reason,
    message: pause.message,
    at,
  });
}

/** The one way a pause is lifted: stored, logged and announced with `sync.resumed`. */
export async function resumeDatabase(ctx: PauseContext, reason: string): Promise<void> {
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
