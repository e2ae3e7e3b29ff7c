import type { Clock } from "../clock/clock";
import type { DatabaseContext } from "../engine/database-context";
import { pendingFor } from "../engine/intents";
import { type RowSyncReport, syncRows } from "../engine/row-sync";
import { guardSchema, type SchemaVerdict } from "../engine/schema-guard";
import { type RunReport, syncDatabase } from "../engine/sync-run";
import type { CycleSummary, DatabaseState } from "./agent-api";

export interface RunnerOptions {
  readonly pollIntervalMs: number;
  readonly clicksIntervalMs: number;
  readonly overlapMs?: number;
  /** Called with any failure a run could not turn into a state (the token revoked, a bug). */
  readonly onFailure: (error: unknown) => Promise<void>;
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
  state: DatabaseState = { kind: "idle" };
  lastSyncAt: string | null = null;
  private providerDown = false;
  /** Rows with a link, as of the last run. */
  linked = 0;
  nextSyncAt: string | null = null;

  constructor(
    readonly ctx: DatabaseContext,
    private readonly clock: Clock,
    private readonly options: RunnerOptions,
  ) {
    ctx.events.on("sync.progress", (progress) => {
      if (progress.databaseId !== ctx.databaseId) return;
      const { phase, done, total, etaSeconds } = progress;
      this.state = { kind: "syncing", phase, done, total, etaSeconds };
    });
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
    if (verdict.kind === "paused") this.state = await this.stateAfter(verdict);
    else if (this.state.kind === "paused") this.state = { kind: "idle" };
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
        this.nextSyncAt = new Date(this.clock.now() + this.options.pollIntervalMs).toISOString();
        try {
          await this.clock.sleep(this.options.pollIntervalMs, signal);
        } catch (error) {
          if (signal.aborted) return;
          throw error;
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    this.loop = null;
    this.nextSyncAt = null;
    await this.running;
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
    this.state = { kind: "syncing", phase: "cycle", done: 0, total: 0, etaSeconds: null };
    let report: RunReport;
    try {
      report = await syncDatabase(this.ctx, {
        refreshClicks: clicksDue,
        ...(this.options.overlapMs !== undefined ? { overlapMs: this.options.overlapMs } : {}),
      });
    } catch (error) {
      this.state = { kind: "error", message: error instanceof Error ? error.message : String(error) };
      await this.options.onFailure(error);
      return this.summary(startedAt, requestsBefore, null);
    }
    if (report.kind === "synced") {
      if (clicksDue) this.lastClicksAt = startedAt;
      this.lastSyncAt = new Date(this.clock.now()).toISOString();
      // Kept in the state file, so a status read by another process (`linksync status`) sees it too.
      await this.ctx.store.updateDatabase(this.ctx.key, { lastSyncAt: this.lastSyncAt });
    }
    this.state = await this.stateAfter(report);
    this.reportProviderReach(report);
    this.linked = (await this.ctx.store.snapshots(this.ctx.key)).size;
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
    if (report.kind === "deferred") return { kind: "offline", pending: this.pending };
    const paused = (await this.ctx.store.getDatabase(this.ctx.key))?.paused;
    return { kind: "paused", reason: paused?.reason ?? "user", message: report.message };
  }

  private summary(startedAt: number, requestsBefore: number, report: RunReport | null): CycleSummary {
    const totals = report && report.kind !== "paused" ? report : null;
    return {
      databaseId: this.ctx.databaseId,
      minted: totals?.minted ?? 0,
      updated: totals?.updated ?? 0,
      conflicts: totals?.conflicts ?? 0,
      failed: totals?.failed ?? 0,
      skipped: totals?.skipped ?? 0,
      notionRequests: this.ctx.gateway.totalRequests() - requestsBefore,
      durationMs: this.clock.now() - startedAt,
    };
  }
}
