import { setTimeout as sleep } from "node:timers/promises";
import type { RequestPriority, SharedBudget } from "@linksync/core/ports";
import type { SqlClient, SqlQueryable } from "@linksync/shortener/database";
import {
  type BudgetSettings,
  type BudgetState,
  DEFAULT_BUDGET_SETTINGS,
  decideTake,
  holdBudget,
  initialBudgetState,
} from "./budget-rules";

export interface SqlSharedBudgetOptions {
  readonly connectionId: string;
  readonly settings?: Partial<BudgetSettings>;
  /** A `pause` that could not be recorded (the database unreachable); the local scheduler still pauses. */
  readonly onError: (error: unknown) => void;
}

/**
 * One Notion connection's budget for every worker of the cluster, in one row (`sync_budgets`): each request takes
 * its token in a short transaction that locks the row (`SELECT … FOR UPDATE`), decided by the request scheduler's
 * own rules (`decideTake`), on the database's clock so that workers on machines whose clocks disagree still share one
 * timeline. A `Retry-After` holds the row, so every worker pauses.
 *
 * Why a locked row rather than advisory locks or Redis: the state is four numbers that must change together, the
 * database is already there, and at Notion's rates (3 requests/s per token, 50 in the sandbox benches) a row lock
 * held for one round trip is far from a bottleneck.
 */
export class SqlSharedBudget implements SharedBudget {
  private readonly settings: BudgetSettings;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: SqlSharedBudgetOptions,
  ) {
    this.settings = { ...DEFAULT_BUDGET_SETTINGS, ...options.settings };
  }

  async take(priority: RequestPriority, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const waitMs = await this.sql.transaction(async (tx) => {
        const { state, now } = await this.lock(tx);
        const decision = decideTake(state, now, priority, this.settings);
        await this.save(tx, decision.next);
        return decision.waitMs;
      });
      if (waitMs === 0) return;
      try {
        await sleep(waitMs, undefined, signal ? { signal } : {});
      } catch (error) {
        throw signal?.aborted ? signal.reason : error;
      }
    }
  }

  async pause(pauseMs: number): Promise<void> {
    try {
      await this.sql.transaction(async (tx) => {
        const { state, now } = await this.lock(tx);
        await this.save(tx, holdBudget(state, now, pauseMs, this.settings));
      });
    } catch (error) {
      this.options.onError(error);
    }
  }

  private async lock(tx: SqlQueryable): Promise<{ state: BudgetState; now: number }> {
    const select = () =>
      tx.query<{ state: BudgetState; now: number }>(
        `SELECT state, (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now
         FROM sync_budgets WHERE connection_id = $1 FOR UPDATE`,
        [this.options.connectionId],
      );
    let { rows } = await select();
    if (rows[0] === undefined) {
      const { rows: clock } = await tx.query<{ now: number }>(
        "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now",
      );
      await tx.query(
        "INSERT INTO sync_budgets (connection_id, state) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING",
        [this.options.connectionId, JSON.stringify(initialBudgetState(this.settings, clock[0]!.now))],
      );
      ({ rows } = await select());
    }
    const row = rows[0]!;
    return { state: row.state, now: Number(row.now) };
  }

  private async save(tx: SqlQueryable, state: BudgetState): Promise<void> {
    await tx.query("UPDATE sync_budgets SET state = $2::jsonb WHERE connection_id = $1", [
      this.options.connectionId,
      JSON.stringify(state),
    ]);
  }
}
