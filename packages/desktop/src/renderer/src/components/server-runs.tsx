import type { ConflictRecord, ServerDatabaseView } from "@linksync/core";
import { useCallback, useEffect, useState } from "react";
import type { ServerRunsReport } from "../../../shared/contract";
import { relativeTime } from "../../../shared/database-state-label";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";
import { StateBadge } from "./state-badge";
import { InlineError } from "./state-views";

/**
 * "Running on the server": the databases the Linksync server syncs for this computer's accounts, with their status,
 * Sync now and their conflicts inbox. They are not attached here, so this computer does not run them a second time.
 */
export function ServerRuns() {
  const { api } = useCompanion();
  const [report, setReport] = useState<ServerRunsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () => api.serverDatabases().then(setReport, (failure: unknown) => setError(String(failure))),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (!report || (report.databases.length === 0 && !report.problem && !error)) return null;
  return (
    <section className="server-runs" aria-labelledby="server-runs">
      <h2 id="server-runs">Running on the server</h2>
      <p className="muted">
        The Linksync server syncs these databases around the clock, even when this computer is off. This
        computer does not sync them as well.
      </p>
      <InlineError message={report.problem ?? error} />
      <div className="card-grid">
        {report.databases.map((database) => (
          <ServerDatabaseCard key={database.id} database={database} onChanged={load} />
        ))}
      </div>
    </section>
  );
}

function ServerDatabaseCard({
  database,
  onChanged,
}: {
  readonly database: ServerDatabaseView;
  readonly onChanged: () => Promise<void>;
}) {
  const { api } = useCompanion();
  const { busy, error, run } = useAction();
  const [queued, setQueued] = useState<string | null>(null);
  const now = Date.now();
  return (
    <article className="card" data-server-database={database.title}>
      <header className="card__header">
        <div>
          <h3>{database.title}</h3>
          <StateBadge state={database.state} />
        </div>
        <span className="muted">{database.workspaceName}</span>
      </header>
      <dl className="facts">
        <div>
          <dt>Linked</dt>
          <dd>{database.linked.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd>{relativeTime(database.lastSyncAt, now)}</dd>
        </div>
        <div>
          <dt>Waiting</dt>
          <dd>{(database.pendingWrites + database.waitingRows).toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Conflicts</dt>
          <dd>{database.unreadConflicts === 0 ? "none" : `${database.unreadConflicts} unread`}</dd>
        </div>
      </dl>
      <div className="card__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const answer = await api.serverSyncNow(database.id);
              setQueued(
                answer.queued ? "Sync requested on the server" : "A sync was already waiting on the server",
              );
              await onChanged();
            })
          }
        >
          Sync now
        </button>
        {queued && (
          <span className="badge badge--ok" role="status">
            {queued}
          </span>
        )}
      </div>
      <InlineError message={error} />
      {database.unreadConflicts > 0 && <ServerConflicts database={database} onChanged={onChanged} />}
    </article>
  );
}

function ServerConflicts({
  database,
  onChanged,
}: {
  readonly database: ServerDatabaseView;
  readonly onChanged: () => Promise<void>;
}) {
  const { api } = useCompanion();
  const [conflicts, setConflicts] = useState<readonly ConflictRecord[]>([]);
  const { busy, error, run } = useAction();
  useEffect(() => {
    api.serverConflicts(database.id).then(setConflicts, () => setConflicts([]));
  }, [api, database.id]);
  const unread = conflicts.filter((conflict) => !conflict.acknowledged);
  if (unread.length === 0) return null;
  return (
    <details className="card__section server-conflicts">
      <summary>
        {unread.length} {unread.length === 1 ? "conflict" : "conflicts"} to review
      </summary>
      <ul>
        {unread.map((conflict) => (
          <li key={conflict.conflictId}>
            <strong>{conflict.title || "Untitled"}</strong>
            <span>
              Kept (Notion): <span className="break">{conflict.kept}</span>
            </span>
            <span>
              Dropped ({conflict.droppedSource}): <span className="break">{conflict.dropped}</span>
            </span>
            <span>
              <a href={conflict.pageUrl} target="_blank" rel="noreferrer">
                Open the row in Notion ↗
              </a>{" "}
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await api.acknowledgeServerConflict(database.id, conflict.conflictId);
                    setConflicts(await api.serverConflicts(database.id));
                    await onChanged();
                  })
                }
              >
                Acknowledge
              </button>
            </span>
          </li>
        ))}
      </ul>
      <InlineError message={error} />
    </details>
  );
}
