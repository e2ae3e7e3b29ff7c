import type { AuditKind } from "@linksync/core";
import { useEffect, useMemo, useState } from "react";
import { AUDIT_KIND_LABELS, AUDIT_KIND_NAMES } from "../../../shared/audit-kinds";
import type { ActivityEntry, ActivityPage, ActivityQuery } from "../../../shared/contract";
import { EmptyState, ErrorState, LoadingState } from "../components/state-views";
import { VirtualList } from "../components/virtual-list";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";

export function Activity() {
  const { api, status, subscribe } = useCompanion();
  const [text, setText] = useState("");
  const [kind, setKind] = useState<AuditKind | "">("");
  const [databaseId, setDatabaseId] = useState("");
  const [bookkeeping, setBookkeeping] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [page, setPage] = useState<ActivityPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const exporting = useAction();

  useEffect(() => subscribe(() => setVersion((value) => value + 1)), [subscribe]);
  const query = useMemo<ActivityQuery>(
    () => ({ text, kind: kind || undefined, databaseId: databaseId || undefined, bookkeeping }),
    [text, kind, databaseId, bookkeeping],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when new events arrive.
  useEffect(() => {
    // A slow answer to an earlier filter must never replace the answer to the current one.
    let superseded = false;
    const timer = window.setTimeout(() => {
      api.activity(query).then(
        (next) => {
          if (superseded) return;
          setPage(next);
          setError(null);
        },
        (failure: unknown) => {
          if (!superseded) setError(failure instanceof Error ? failure.message : String(failure));
        },
      );
    }, 200);
    return () => {
      superseded = true;
      window.clearTimeout(timer);
    };
  }, [api, query, version]);

  const exportCsv = () =>
    exporting.run(async () => {
      const csv = await api.activityCsv(query);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      link.download = `linksync-activity-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    });

  const open = page?.entries.find((entry) => entry.id === openId) ?? null;
  return (
    <div className="screen screen--fill">
      <header className="screen__header">
        <h1>Activity {page && <span className="count">{page.total.toLocaleString("en-US")}</span>}</h1>
        <button
          type="button"
          className="button"
          onClick={exportCsv}
          disabled={exporting.busy || !page?.total}
        >
          Export CSV
        </button>
      </header>
      <div className="filters">
        <input
          type="search"
          placeholder="Filter by title or detail"
          aria-label="Filter activity"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <select
          aria-label="Kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as AuditKind | "")}
        >
          <option value="">All kinds</option>
          {AUDIT_KIND_NAMES.map((name) => (
            <option key={name} value={name}>
              {AUDIT_KIND_LABELS[name]}
            </option>
          ))}
        </select>
        <select
          aria-label="Database"
          value={databaseId}
          onChange={(event) => setDatabaseId(event.target.value)}
        >
          <option value="">All databases</option>
          {status?.databases.map((database) => (
            <option key={database.id} value={database.id}>
              {database.title}
            </option>
          ))}
        </select>
        <label className="filters__check">
          <input
            type="checkbox"
            checked={bookkeeping}
            onChange={(event) => setBookkeeping(event.target.checked)}
          />
          Show bookkeeping
          {page && page.hidden > 0 && (
            <span className="muted"> ({page.hidden.toLocaleString("en-US")} hidden)</span>
          )}
        </label>
      </div>
      {open && <EntryDetails entry={open} onClose={() => setOpenId(null)} />}
      {error && <ErrorState message={error} onRetry={() => setVersion((value) => value + 1)} />}
      {!error && !page && <LoadingState label="Loading activity…" />}
      {!error && page?.total === 0 && (
        <EmptyState icon="≡" title="Nothing here yet">
          <p>
            {text || kind || databaseId
              ? "No activity matches these filters."
              : "Links created, edits and conflicts will be listed here."}
          </p>
        </EmptyState>
      )}
      {!error && page && page.total > 0 && (
        <VirtualList
          label="Activity"
          items={page.entries}
          rowHeight={56}
          rowKey={(entry) => entry.id}
          renderRow={(entry) => (
            <button
              type="button"
              className="activity-row"
              data-kind={entry.kind}
              aria-expanded={entry.id === openId}
              aria-controls={entry.id === openId ? ENTRY_DETAILS_ID : undefined}
              onClick={() => setOpenId(entry.id === openId ? null : entry.id)}
            >
              <time dateTime={entry.at}>{whenLabel(entry.at)}</time>
              <span className={`kind kind--${entry.kind}`}>{AUDIT_KIND_LABELS[entry.kind]}</span>
              <span className="activity-row__text">
                <strong>{entry.title}</strong>
                <span className="muted">{entry.detail}</span>
              </span>
            </button>
          )}
        />
      )}
    </div>
  );
}

const ENTRY_DETAILS_ID = "activity-entry-details";

/** Everything about one entry, in full: the list shows one line each, this shows every value untruncated. */
function EntryDetails({ entry, onClose }: { readonly entry: ActivityEntry; readonly onClose: () => void }) {
  return (
    <section id={ENTRY_DETAILS_ID} className="panel entry-details" aria-label={`Details: ${entry.title}`}>
      <header className="entry-details__header">
        <h2>{entry.title}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <dl className="entry-details__facts">
        {entry.facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {entry.notionUrl && (
        <a className="link-button" href={entry.notionUrl} target="_blank" rel="noreferrer">
          Open the row in Notion ↗
        </a>
      )}
    </section>
  );
}

/** "Dec 3, 11:05" — the date matters as soon as the log spans more than a day. */
function whenLabel(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
