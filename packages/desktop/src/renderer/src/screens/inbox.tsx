import type { ConflictRecord } from "@linksync/core";
import { useMemo, useState } from "react";
import { sourceWords } from "../../../shared/change-sources";
import { EmptyState, InlineError, LoadingState } from "../components/state-views";
import { VirtualList } from "../components/virtual-list";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";
import { useNarrow } from "../state/use-narrow";

export function Inbox() {
  const { conflicts, status } = useCompanion();
  const ordered = useMemo(
    () =>
      [...(conflicts ?? [])].sort(
        (a, b) => Number(a.acknowledged) - Number(b.acknowledged) || b.at.localeCompare(a.at),
      ),
    [conflicts],
  );
  const narrow = useNarrow();
  const [openId, setOpenId] = useState<string | null>(null);
  const open = ordered.find((conflict) => conflict.conflictId === openId) ?? null;
  if (!conflicts) return <LoadingState label="Loading conflicts…" />;
  const unread = status?.unreadConflicts ?? conflicts.filter((conflict) => !conflict.acknowledged).length;
  return (
    <div className="screen screen--fill">
      <header className="screen__header">
        <h1>
          Conflict inbox{" "}
          <span className="count" data-testid="inbox-unread">
            {unread} unread
          </span>
        </h1>
      </header>
      <p className="screen__intro">
        When Notion and another tool change a Destination at the same time, Notion wins. Each case is kept
        here.
      </p>
      {open && <ConflictDetails conflict={open} onClose={() => setOpenId(null)} />}
      {ordered.length === 0 ? (
        <EmptyState icon="✓" title="No conflicts">
          <p>Edits made in Notion and elsewhere have never collided. Nothing needs you.</p>
        </EmptyState>
      ) : (
        <VirtualList
          label="Conflicts"
          items={ordered}
          rowHeight={narrow ? 240 : 140}
          rowKey={(conflict) => conflict.conflictId}
          renderRow={(conflict) => (
            <ConflictRow
              conflict={conflict}
              expanded={conflict.conflictId === openId}
              onToggle={() => setOpenId(conflict.conflictId === openId ? null : conflict.conflictId)}
            />
          )}
        />
      )}
    </div>
  );
}

const CONFLICT_DETAILS_ID = "conflict-details";

/** The conflict's database: the conflict names the Notion data source; the agent's databases know both ids. */
function useConflictDatabase(conflict: ConflictRecord) {
  const { status } = useCompanion();
  return status?.databases.find(
    (each) => each.dataSourceId === conflict.databaseId || each.id === conflict.databaseId,
  );
}

/** One conflict with every value in full (the list truncates them to one line each). */
function ConflictDetails({
  conflict,
  onClose,
}: {
  readonly conflict: ConflictRecord;
  readonly onClose: () => void;
}) {
  const database = useConflictDatabase(conflict);
  return (
    <section
      id={CONFLICT_DETAILS_ID}
      className="panel entry-details"
      aria-label={`Details: ${conflict.title}`}
    >
      <header className="entry-details__header">
        <h2>{conflict.title}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <dl className="entry-details__facts">
        {database && (
          <div>
            <dt>Database</dt>
            <dd>{database.title}</dd>
          </div>
        )}
        <div>
          <dt>Kept (Notion's value)</dt>
          <dd>{conflict.kept}</dd>
        </div>
        <div>
          <dt>Dropped</dt>
          <dd>{conflict.dropped}</dd>
        </div>
        <div>
          <dt>Dropped edit from</dt>
          <dd>{sourceWords(conflict.droppedSource)}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>{new Date(conflict.at).toLocaleString()}</dd>
        </div>
      </dl>
    </section>
  );
}

function ConflictRow({
  conflict,
  expanded,
  onToggle,
}: {
  readonly conflict: ConflictRecord;
  readonly expanded: boolean;
  readonly onToggle: () => void;
}) {
  const { api, refresh } = useCompanion();
  const { busy, error, run } = useAction();
  const database = useConflictDatabase(conflict);
  /** An explicit outside write of the value Linksync dropped, audited like any other; then the case is closed. */
  const takeDropped = () =>
    run(async () => {
      if (!database) throw new Error("This conflict's database is no longer connected.");
      await api.updateDestination(database.id, { pageId: conflict.pageId }, conflict.dropped, "desktop");
      await api.acknowledgeConflict(conflict.conflictId);
    }).then(refresh);
  return (
    <div
      className={`conflict ${conflict.acknowledged ? "conflict--read" : ""}`}
      data-conflict={conflict.conflictId}
    >
      <div className="conflict__main">
        <h3>
          {!conflict.acknowledged && <span className="unread-dot" title="Unread" />}
          {conflict.title}
        </h3>
        {database && <p className="conflict__database muted">{database.title}</p>}
        <p className="conflict__values">
          <span className="value value--kept" title={`Kept (Notion's value): ${conflict.kept}`}>
            {conflict.kept}
          </span>
          <span className="value value--dropped" title={`Dropped: ${conflict.dropped}`}>
            {conflict.dropped}
          </span>
        </p>
        <p className="muted">
          Dropped the edit from {sourceWords(conflict.droppedSource)} ·{" "}
          {new Date(conflict.at).toLocaleString()}
        </p>
        <InlineError message={error} />
      </div>
      <div className="conflict__actions">
        <button
          type="button"
          className="button button--quiet"
          aria-expanded={expanded}
          aria-controls={expanded ? CONFLICT_DETAILS_ID : undefined}
          onClick={onToggle}
        >
          {expanded ? "Hide full values" : "Show full values"}
        </button>
        <a className="button" href={conflict.pageUrl} target="_blank" rel="noreferrer">
          Open in Notion ↗
        </a>
        {!conflict.acknowledged && (
          <button type="button" className="button" disabled={busy || !database} onClick={takeDropped}>
            Use the dropped value instead
          </button>
        )}
        {!conflict.acknowledged && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => run(() => api.acknowledgeConflict(conflict.conflictId)).then(refresh)}
          >
            Acknowledge
          </button>
        )}
      </div>
    </div>
  );
}
