import type { ConflictRecord } from "@linksync/core";
import { useMemo } from "react";
import { EmptyState, InlineError, LoadingState } from "../components/state-views";
import { VirtualList } from "../components/virtual-list";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";

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
          rowHeight={112}
          rowKey={(conflict) => conflict.conflictId}
          renderRow={(conflict) => <ConflictRow conflict={conflict} />}
        />
      )}
    </div>
  );
}

function ConflictRow({ conflict }: { readonly conflict: ConflictRecord }) {
  const { api, refresh } = useCompanion();
  const { busy, error, run } = useAction();
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
        <p className="conflict__values">
          <span className="value value--kept" title="Kept: Notion's value">
            {conflict.kept}
          </span>
          <span className="value value--dropped" title="Dropped">
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
