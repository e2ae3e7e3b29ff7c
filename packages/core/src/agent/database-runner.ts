import type { Clock } from "../clock/clock";
import type { DatabaseContext } from "../engine/database-context";
import { pendingFor } from "../engine/intents";
import { type RowSyncReport, syncRows } from "../engine/row-sync";
import { guardSchema, type SchemaVerdict } from "../engine/schema-guard";
import { type RunReport, syncDatabase } from "../engine/sync-run";
import type { PauseState } from "../store/state-store";
import type { CycleSummary, DatabaseState } from "./agent-api";
import { type DatabaseSignal, nextDatabaseState } from "./database-state";

export interface RunnerOptions {
  readonly pollIntervalMs: number;
  readonly clicksIntervalMs: number;
  readonly overlapMs?: number;
  /** Called with any failure a run could not turn into a state (the token revoked, a bug). */
  readonly onFailure: (error: unknown) => Promise<void>;
  /** What a restarted agent knows before the first run: how many rows are linked, and whether it is paused. */
  readonly linked: number;
  readonly paused: PauseState | null;
  readonly lastSyncAt: string | null;
}

/**
 * Runs one database: its runs are serialized (a "sync now" during a scheduled run joins it), its schedule is a
 * loop of clock sleeps (so a fake clock drives it in tests), and its state is what the status screen shows.
 */
export class DatabaseRunner {
  private running: Promise<CycleSummary> | null = null;
  private lastClicksAt: number | null = null;
  private stopController = new AbortController();
  private loop: Promise<void> | null = null;
  /** The tail of the runs and row syncs taking turns, so no row is worked on by two of them at once. */
  private turns: Promise<unknown> = Promise.resolve();
  private stateValue: DatabaseState = { kind: "idle" };
  private lastSyncAtValue: string | null = null;
  private providerDown = false;
  /** Rows with a link, as of the last run. */
  private linkedValue: number;
  private nextSyncAtValue: string | null = null;
  private readonly unsubscribe: readonly (() => void)[];

  constructor(
    readonly ctx: DatabaseContext,
    private readonly clock: Clock,
    private readonly options: RunnerOptions,
  ) {
    this.linkedValue = options.linked;
    this.lastSyncAtValue = options.lastSyncAt;
    if (options.paused) this.signal({ type: "paused", ...options.paused });
    const mine = (event: { readonly databaseId: string }) => event.databaseId === ctx.databaseId;
    // Whoever pauses or resumes the database (the user, the schema guard, a revoked token), its status follows.
    this.unsubscribe = [
      ctx.events.on("sync.progress", (progress) => {
        if (mine(progress)) this.signal({ type: "progress", progress });
      }),
      ctx.events.on("sync.paused", (paused) => {
        if (mine(paused)) this.signal({ type: "paused", reason: paused.reason, message: paused.message });
      }),
      ctx.events.on("sync.resumed", (resumed) => {
        if (mine(resumed)) this.signal({ type: "resumed" });
      }),
    ];
  }

  get state(): DatabaseState {
    return this.stateValue;
  }

  get linked(): number {
    return this.linkedValue;
  }

  get lastSyncAt(): string | null {
    return this.lastSyncAtValue;
  }

  get nextSyncAt(): string | null {
    return this.nextSyncAtValue;
  }

  /** Shows a failure outside a run on the database (its conflicts inbox could not be saved). */
  markFailed(message: string): void {
    this.signal({ type: "failed", message });
  }

  /** Runs a CSV import: its progress shows as "syncing", and once it is over the database is what it was before. */
  async importing<T>(work: () => Promise<T>): Promise<T> {
    const before = this.stateValue;
    try {
      return await work();
    } finally {
      this.signal({ type: "import_ended", before });
    }
  }

  get pending(): number {
    return pendingFor(this.ctx).length;
  }

  /** Runs now, or joins the run in progress. */
  run(): Promise<CycleSummary> {
    this.running ??= this.inTurn(() => this.runOnce()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Syncs these rows now (a Notion webhook named them), once the run in progress is over. */
  syncRows(pageIds: readonly string[]): Promise<RowSyncReport> {
    return this.inTurn(() => syncRows(this.ctx, pageIds, "interactive"));
  }

  /** Verifies the schema now (a Notion webhook said it changed): pauses on drift, resumes once it verifies. */
  async checkSchema(): Promise<SchemaVerdict> {
    const verdict = await this.inTurn(() => guardSchema(this.ctx, "interactive"));
    if (verdict.kind === "paused") this.signal({ type: "run_ended", state: await this.stateAfter(verdict) });
    else this.signal({ type: "schema_verified" });
    return verdict;
  }

  /** Starts the schedule: a run now, then one every poll interval until `stop`. */
  start(): void {
    if (this.loop) return;
    this.stopController = new AbortController();
    const signal = this.stopController.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.run();
        this.nextSyncAtValue = new Date(this.clock.now() + this.options.pollIntervalMs).toISOString();
        try {
          await this.clock.sleep(this.options.pollIntervalMs, signal);
        } catch (error) {
          if (signal.aborted) return;
          throw error;
        }
      }
    })();
  }

  /** Stops the schedule and waits for every turn already queued (a run, a webhook's row sync, a schema check). */
  async stop(): Promise<void> {
    this.stopController.abort();
    this.loop = null;
    this.nextSyncAtValue = null;
    await this.turns;
  }

  /** Stops, and stops following the database's events: the runner is dropped (detached, or rebuilt). */
  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    await this.stop();
  }

  private signal(signal: DatabaseSignal): void {
    this.stateValue = nextDatabaseState(this.stateValue, signal);
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turns.then(work);
    // The next turn waits for this one to end, whatever its outcome; the outcome itself goes to this turn's caller.
    this.turns = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async runOnce(): Promise<CycleSummary> {
    const startedAt = this.clock.now();
    const requestsBefore = this.ctx.gateway.totalRequests();
    const clicksDue =
      this.lastClicksAt === null || startedAt - this.lastClicksAt >= this.options.clicksIntervalMs;
    this.signal({ type: "run_started" });
    let report: RunReport;
    try {
      report = await syncDatabase(this.ctx, {
        refreshClicks: clicksDue,
        ...(this.options.overlapMs !== undefined ? { overlapMs: this.options.overlapMs } : {}),
      });
    } catch (error) {
      this.signal({ type: "failed", message: error instanceof Error ? error.message : String(error) });
      await this.options.onFailure(error);
      return this.summary(startedAt, requestsBefore, null);
    }
    if (report.kind === "synced") {
      if (clicksDue) this.lastClicksAt = startedAt;
      this.lastSyncAtValue = new Date(this.clock.now()).toISOString();
      // Kept in the state file, so a status read by another process (`linksync status`) sees it too.
      await this.ctx.store.updateDatabase(this.ctx.key, { lastSyncAt: this.lastSyncAtValue });
    }
    this.signal({ type: "run_ended", state: await this.stateAfter(report) });
    this.reportProviderReach(report);
    this.linkedValue = await this.ctx.store.countSnapshots(this.ctx.key);
    const summary = this.summary(startedAt, requestsBefore, report);
    if (report.kind !== "paused") {
      this.ctx.events.emit("sync.completed", {
        databaseId: this.ctx.databaseId,
        phase: "cycle",
        created: summary.minted,
        updated: summary.updated,
        conflicts: summary.conflicts,
        failed: summary.failed,
        requests: summary.notionRequests,
        durationMs: summary.durationMs,
        at: new Date(this.clock.now()).toISOString(),
      });
    }
    return summary;
  }

  /**
   * `sync.offline` / `sync.online` when the link provider becomes unreachable or reachable again. Notion's side is
   * reported by the connection's gateway as its scheduler sees it.
   */
  private reportProviderReach(report: RunReport): void {
    const at = new Date(this.clock.now()).toISOString();
    const { connectionId } = this.ctx.key;
    const providerDown = report.kind === "deferred" && report.unreachable === "provider";
    if (providerDown && !this.providerDown) {
      this.ctx.events.emit("sync.offline", { connectionId, pending: this.pending, at });
    } else if (report.kind === "synced" && this.providerDown) {
      this.ctx.events.emit("sync.online", { connectionId, at });
    }
    if (report.kind !== "paused") this.providerDown = providerDown;
  }

  private async stateAfter(report: RunReport): Promise<DatabaseState> {
    if (report.kind === "synced") return { kind: "synced" };
    if (report.kind === "deferred") {
      const cause = { service: report.unreachable, code: report.code, message: report.message };
      return { kind: "offline", pending: this.pending, cause };
    }
    const paused = (await this.ctx.store.getDatabase(this.ctx.key))?.paused;
    return { kind: "paused", reason: paused?.reason ?? "user", message: report.message };
  }

  private summary(startedAt: number, requestsBefore: number, report: RunReport | null): CycleSummary {
    const totals = report && report.kind !== "paused" ? report : null;
    return {
      databaseId: this.ctx.databaseId,
      minted: totals?.created ?? 0,
      updated: totals?.updated ?? 0,
      conflicts: totals?.conflict ?? 0,
      failed: totals?.failed ?? 0,
      settled: totals?.settled ?? 0,
      skipped: totals?.skipped ?? 0,
      notionRequests: this.ctx.gateway.totalRequests() - requestsBefore,
      durationMs: this.clock.now() - startedAt,
    };
  }
}
