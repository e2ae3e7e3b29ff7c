import type { DatabaseCandidate } from "@linksync/core";
import { useEffect, useState } from "react";
import { EmptyState, InlineError, LoadingState } from "../../components/state-views";
import { StepFooter } from "../../components/step-footer";
import { useCompanion } from "../../state/companion-context";
import { CreateDatabaseForm } from "./create-database-form";
import type { NewDatabase } from "./use-onboarding";

export function PickStep({
  connectionId,
  onPicked,
  onCreate,
  onBack,
}: {
  readonly connectionId: string;
  readonly onPicked: (candidates: readonly DatabaseCandidate[]) => void;
  readonly onCreate: (request: NewDatabase) => void;
  readonly onBack: () => void;
}) {
  const { api } = useCompanion();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<readonly DatabaseCandidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlyMap<string, DatabaseCandidate>>(new Map());
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
                onChange={() => toggle(candidate)}
              />
              <span>{candidate.title || "Untitled"}</span>
            </label>
          </li>
        ))}
      </ul>
      <StepFooter
        onBack={onBack}
        continueLabel={`Continue with ${selected.size} ${selected.size === 1 ? "database" : "databases"}`}
        blockedBy={selected.size === 0 ? "Tick at least one database, or create a new one below." : null}
        onContinue={() => onPicked([...selected.values()])}
      />
      <CreateDatabaseForm onCreate={onCreate} />
    </section>
  );
}
