import type { ClickStat, ClicksPoint, DatabaseSummary } from "@linksync/core";
import { useEffect, useState } from "react";
import { relativeTime } from "../../../shared/database-state-label";
import { ClicksChart } from "../components/clicks-chart";
import { ClicksPerDayChart } from "../components/clicks-per-day-chart";
import { FailedRows } from "../components/failed-rows";
import { RemoveWithUndo } from "../components/remove-with-undo";
import { ServerRuns } from "../components/server-runs";
import { StateBadge } from "../components/state-badge";
import { EmptyState, InlineError, LoadingState } from "../components/state-views";
import { type Progress, useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";

export function Dashboard() {
  const { status } = useCompanion();
  if (!status) return <LoadingState label="Loading your databases…" />;
  if (status.databases.length === 0) {
    return (
      <div className="screen">
        <header className="screen__header">
          <h1>Dashboard</h1>
        </header>
        <EmptyState icon="⇄" title="No database connected yet">
          <p>Connect a Notion database and Linksync will give every row a short link.</p>
          <a className="button button--primary" href="#/onboarding">
            Connect Notion
          </a>
        </EmptyState>
        <ServerRuns />
      </div>
    );
  }
  return (
    <div className="screen">
      <header className="screen__header">
        <h1>Dashboard</h1>
        <a className="button" href="#/onboarding">
          Add a database
        </a>
      </header>
      <div className="card-grid">
        {status.databases.map((database) => (
          <DatabaseCard key={database.id} database={database} />
        ))}
      </div>
      <ServerRuns />
    </div>
  );
}

function DatabaseCard({ database }: { readonly database: DatabaseSummary }) {
  const { api, progress, refresh } = useCompanion();
  const { busy, error, run } = useAction();
  const paused = database.state.kind === "paused";
  const act = (action: () => Promise<unknown>) => run(action).then(refresh);
  const live = database.state.kind === "syncing" ? progress.get(database.id) : undefined;
  const now = Date.now();
  return (
    <article className="card" data-database={database.title}>
      <header className="card__header">
        <div>
          <h2>{database.title}</h2>
          <StateBadge state={database.state} />
        </div>
        <a className="link-button" href={database.url} target="_blank" rel="noreferrer">
          Open in Notion ↗
        </a>
      </header>
      {database.state.kind === "offline" && (
        <p className="card__cause" data-cause={database.state.cause.code}>
          {database.state.cause.message}
        </p>
      )}
      {live && <ProgressBar progress={live} />}
      <dl className="facts">
        <div>
          <dt>Rows</dt>
          <dd>{database.rows.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Linked</dt>
          <dd>{database.linked.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd>{relativeTime(database.lastSyncAt, now)}</dd>
        </div>
        <div>
          <dt>Next sync</dt>
          <dd>{paused ? "paused" : nextSyncLabel(database.nextSyncAt, now)}</dd>
        </div>
        {database.pendingWrites > 0 && (
          <div>
            <dt>Waiting</dt>
            <dd>{database.pendingWrites}</dd>
          </div>
        )}
      </dl>
      <div className="card__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => act(() => api.syncNow(database.id))}
        >
          Sync now
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => act(() => (paused ? api.resume(database.id) : api.pause(database.id)))}
        >
          {paused ? "Resume" : "Pause"}
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={busy}
          onClick={() => act(() => api.forceResync(database.id))}
        >
          Force re-sync
        </button>
        <a
          className="button button--quiet"
          href={`#/edit/${encodeURIComponent(database.id)}`}
          title="Edit its columns and shortener"
        >
          Edit
        </a>
        <RemoveWithUndo
          label="Remove database"
          name={database.title}
          consequence="Linksync stops syncing it; its rows, short links and columns in Notion stay as they are."
          onRemove={() => api.detachDatabase(database.id).then(refresh)}
        />
      </div>
      <InlineError message={error} />
      <FailedRows databaseId={database.id} lastSyncAt={database.lastSyncAt} />
      <TopLinks databaseId={database.id} lastSyncAt={database.lastSyncAt} />
      <ClicksPerDay databaseId={database.id} lastSyncAt={database.lastSyncAt} />
    </article>
  );
}

export function ProgressBar({ progress }: { readonly progress: Progress }) {
  const percent = progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  return (
    <div className="progress" data-phase={progress.phase}>
      <div
        className="progress__track"
        role="progressbar"
        aria-label={progress.phase === "backfill" ? "Creating short links" : "Syncing"}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="progress__caption">
        {progress.done.toLocaleString("en-US")} of {progress.total.toLocaleString("en-US")} ·{" "}
        {progress.ratePerSecond.toFixed(1)} rows/s · {formatEta(progress.etaSeconds)}
        {progress.throttled && <span className="badge badge--warn">Throttled by Notion, resuming</span>}
      </p>
    </div>
  );
}

function nextSyncLabel(iso: string | null, now: number): string {
  if (!iso) return "not scheduled";
  return Date.parse(iso) <= now ? "due now" : relativeTime(iso, now);
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return "estimating…";
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

function TopLinks({
  databaseId,
  lastSyncAt,
}: {
  readonly databaseId: string;
  readonly lastSyncAt: string | null;
}) {
  const { api } = useCompanion();
  const [stats, setStats] = useState<readonly ClickStat[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new sync is the reason to fetch click counts again.
  useEffect(() => {
    api.topLinks(databaseId, 5).then(setStats, (failure: unknown) => setError(String(failure)));
  }, [api, databaseId, lastSyncAt]);
  return (
    <section className="card__section">
      <h3>Top links</h3>
      <InlineError message={error} />
      {stats === null && !error && <p className="muted">Loading clicks…</p>}
      {stats?.length === 0 && <p className="muted">No clicks yet. Share a short link and check back.</p>}
      {stats && stats.length > 0 && <ClicksChart stats={stats} />}
    </section>
  );
}

function ClicksPerDay({
  databaseId,
  lastSyncAt,
}: {
  readonly databaseId: string;
  readonly lastSyncAt: string | null;
}) {
  const { api } = useCompanion();
  const [points, setPoints] = useState<readonly ClicksPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new sync may have recorded a new point.
  useEffect(() => {
    api.clicksOverTime(databaseId).then(setPoints, (failure: unknown) => setError(String(failure)));
  }, [api, databaseId, lastSyncAt]);
  return (
    <section className="card__section">
      <h3>Clicks per day</h3>
      <InlineError message={error} />
      {points === null && !error && <p className="muted">Loading clicks…</p>}
      {points?.length === 0 && (
        <div className="clicks-per-day--empty">
          <p>
            <strong>No clicks recorded yet</strong>
          </p>
          <p className="muted">
            Linksync adds a point at every clicks refresh, every 5 minutes while it runs.
          </p>
        </div>
      )}
      {points && points.length > 0 && <ClicksPerDayChart points={points} />}
    </section>
  );
}
