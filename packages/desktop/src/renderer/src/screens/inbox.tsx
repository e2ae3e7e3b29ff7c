import type { ConflictRecord } from "@linksync/core";
import { useMemo } from "react";
import { EmptyState, InlineError, LoadingState } from "../components/state-views";
import { VirtualList } from "../components/virtual-list";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";
import { useNarrow } from "../state/use-narrow";

const SOURCE_LABEL: Readonly<Record<string, string>> = {
  zapier: "Zapier",
  desktop: "Linksync app",
  "shortener-api": "shortener API",
  "shortener-ui": "shortener dashboard",
  linksync: "Linksync",
  unknown: "an unknown source",
};

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
          renderRow={(conflict) => <ConflictRow conflict={conflict} />}
        />
      )}
    </div>
  );
}

function ConflictRow({ conflict }: { readonly conflict: ConflictRecord }) {
  const { api, refresh, status } = useCompanion();
  const { busy, error, run } = useAction();
  // The conflict names the Notion data source; the agent's databases know both ids.
  const database = status?.databases.find(
    (each) => each.dataSourceId === conflict.databaseId || each.id === conflict.databaseId,
  );
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
          Dropped the edit from {SOURCE_LABEL[conflict.droppedSource] ?? conflict.droppedSource} ·{" "}
          {new Date(conflict.at).toLocaleString()}
        </p>
        <InlineError message={error} />
      </div>
      <div className="conflict__actions">
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
