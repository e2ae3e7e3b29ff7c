import type { DatabaseCandidate } from "@linksync/core";
import { useEffect, useState } from "react";
import type { DefaultShortener } from "../../../../shared/contract";
import { EmptyState, InlineError, LoadingState } from "../../components/state-views";
import { StepFooter } from "../../components/step-footer";
import { useCompanion } from "../../state/companion-context";
import { useAction } from "../../state/use-action";
import { CreateDatabaseForm } from "./create-database-form";
import type { NewDatabase } from "./use-onboarding";

export function PickStep({
  connectionId,
  shortener,
  onPicked,
  onCreate,
  onBack,
}: {
  readonly connectionId: string;
  /** Where the short links will live when the user is not asked (the workspace's own shortener). */
  readonly shortener: DefaultShortener | null;
  /** `review`: the user wants to choose the columns and the shortener themselves. */
  readonly onPicked: (candidates: readonly DatabaseCandidate[], review: boolean) => Promise<void>;
  readonly onCreate: (request: NewDatabase) => Promise<void>;
  readonly onBack: () => void;
}) {
  const { api } = useCompanion();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<readonly DatabaseCandidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<
    ReadonlyMap<string, DatabaseCandidate & { readonly runHereToo?: boolean }>
  >(new Map());
  const going = useAction();
  /** Data sources the Linksync server runs for this workspace's account: picked only with "Sync from this computer too". */
  const [serverRun, setServerRun] = useState<ReadonlySet<string>>(new Set());
  const [alsoHere, setAlsoHere] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    api.serverDatabases().then(
      (report) => setServerRun(new Set(report.databases.map((database) => database.dataSourceId))),
      () => setServerRun(new Set()),
    );
  }, [api]);
  const toggleAlsoHere = (candidate: DatabaseCandidate) => {
    const on = !alsoHere.has(candidate.dataSourceId);
    setAlsoHere((current) => {
      const next = new Set(current);
      if (on) next.add(candidate.dataSourceId);
      else next.delete(candidate.dataSourceId);
      return next;
    });
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(candidate.dataSourceId, { ...candidate, runHereToo: true });
      else next.delete(candidate.dataSourceId);
      return next;
    });
  };
  useEffect(() => {
    setResults(null);
    const timer = window.setTimeout(() => {
      api.searchDatabases(connectionId, query).then(
        (found) => {
          setResults(found);
          setError(null);
        },
        (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
      );
    }, 250);
    return () => window.clearTimeout(timer);
  }, [api, connectionId, query]);
  const toggle = (candidate: DatabaseCandidate) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(candidate.dataSourceId)) next.delete(candidate.dataSourceId);
      else next.set(candidate.dataSourceId, candidate);
      return next;
    });
  return (
    <section className="panel panel--narrow">
      <h1 tabIndex={-1}>Pick your links databases</h1>
      <input
        type="search"
        aria-label="Search databases"
        placeholder="Search databases shared with Linksync"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <InlineError message={error} />
      {!error && results === null && <LoadingState label="Searching Notion…" />}
      {results?.length === 0 && (
        <EmptyState icon="?" title="No database found">
          <p>Share a database with your integration in Notion (••• → Connections), then search again.</p>
        </EmptyState>
      )}
      <ul className="pick-list">
        {results?.map((candidate) => (
          <li key={candidate.dataSourceId}>
            <label>
              <input
                type="checkbox"
                checked={selected.has(candidate.dataSourceId)}
                disabled={serverRun.has(candidate.dataSourceId) && !alsoHere.has(candidate.dataSourceId)}
                onChange={() =>
                  alsoHere.has(candidate.dataSourceId) ? toggleAlsoHere(candidate) : toggle(candidate)
                }
              />
              <span>{candidate.title || "Untitled"}</span>
            </label>
            {serverRun.has(candidate.dataSourceId) && (
              <div className="server-run-choice">
                <span className="muted">
                  Runs on the Linksync server around the clock; see it on the dashboard. Syncing it here too
                  is not needed.
                </span>
                <label>
                  <input
                    type="checkbox"
                    checked={alsoHere.has(candidate.dataSourceId)}
                    onChange={() => toggleAlsoHere(candidate)}
                  />
                  <span>Sync from this computer too</span>
                </label>
              </div>
            )}
          </li>
        ))}
      </ul>
      <p className="muted pick-note">
        Linksync adds its own columns (Short URL, QR code, Clicks…) to the databases you pick. It never
        renames or deletes yours.
        {shortener?.source === "account" &&
          ` Short links are made in your Linksync account at ${new URL(shortener.baseUrl).host}.`}
      </p>
      <InlineError message={going.error} />
      <StepFooter
        onBack={onBack}
        busy={going.busy}
        continueLabel={
          going.busy
            ? "Setting up…"
            : `Continue with ${selected.size} ${selected.size === 1 ? "database" : "databases"}`
        }
        blockedBy={selected.size === 0 ? "Tick at least one database, or create a new one below." : null}
        onContinue={() => going.run(() => onPicked([...selected.values()], false))}
      />
      {selected.size > 0 && (
        <button
          type="button"
          className="button button--quiet review-choices"
          disabled={going.busy}
          onClick={() => going.run(() => onPicked([...selected.values()], true))}
        >
          Choose the columns and shortener myself
        </button>
      )}
      <CreateDatabaseForm onCreate={(request) => going.run(() => onCreate(request))} />
    </section>
  );
}
