import type { DatabaseCandidate, FieldMap, FieldMapReport } from "@linksync/core";
import { useState } from "react";
import { InlineError } from "../../components/state-views";
import { StepFooter } from "../../components/step-footer";
import { useAction } from "../../state/use-action";
import { FieldMapEditor } from "./field-map-editor";

/** One object for "no change", so an editor's checks re-run only when its choices change. */
const NO_OVERRIDE: Partial<FieldMap> = {};

/** Why Continue is disabled, in one sentence, or `null` when it is not. */
function blockingReason(
  candidates: readonly DatabaseCandidate[],
  reports: ReadonlyMap<string, FieldMapReport | null>,
  createMissing: boolean,
): string | null {
  if (candidates.some((candidate) => !reports.get(candidate.dataSourceId))) return "Checking the columns…";
  for (const candidate of candidates) {
    const report = reports.get(candidate.dataSourceId);
    const first = report?.errors[0];
    if (first) return candidates.length > 1 ? `${candidate.title}: ${first.message}` : first.message;
  }
  const missing = [...reports.values()].some((report) => (report?.missing.length ?? 0) > 0);
  if (missing && !createMissing)
    return "Tick “Create missing columns”: Linksync needs them to write the links.";
  return null;
}

export function MapStep({
  connectionId,
  candidates,
  onMapped,
  onBack,
}: {
  readonly connectionId: string;
  readonly candidates: readonly DatabaseCandidate[];
  readonly onMapped: (maps: ReadonlyMap<string, Partial<FieldMap>>, createMissing: boolean) => Promise<void>;
  readonly onBack: () => void;
}) {
  // `null`: that database is being checked again after a change.
  const [reports, setReports] = useState<ReadonlyMap<string, FieldMapReport | null>>(new Map());
  const [overrides, setOverrides] = useState<ReadonlyMap<string, Partial<FieldMap>>>(new Map());
  const [createMissing, setCreateMissing] = useState(true);
  const { busy, error, run } = useAction();
  const missing = [...reports.values()].flatMap((report) => report?.missing ?? []);
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Check the columns</h1>
      <p className="screen__intro">
        Linksync reads the title and the Destination of each row, and writes the short link into its own
        columns. Each choice is checked as you make it.
      </p>
      {candidates.map((candidate) => (
        <FieldMapEditor
          key={candidate.dataSourceId}
          connectionId={connectionId}
          candidate={candidate}
          override={overrides.get(candidate.dataSourceId) ?? NO_OVERRIDE}
          onOverride={(next) => setOverrides((current) => new Map(current).set(candidate.dataSourceId, next))}
          onReport={(report) => setReports((current) => new Map(current).set(candidate.dataSourceId, report))}
        />
      ))}
      {missing.length > 0 && (
        <label className="consent">
          <input
            type="checkbox"
            checked={createMissing}
            onChange={(event) => setCreateMissing(event.target.checked)}
          />
          <span>
            <strong>Create missing columns</strong> ({[...new Set(missing)].join(", ")}). Linksync never
            renames or deletes your columns.
          </span>
        </label>
      )}
      <InlineError message={error} />
      <StepFooter
        onBack={onBack}
        busy={busy}
        continueLabel="Continue"
        blockedBy={blockingReason(candidates, reports, createMissing)}
        onContinue={() => run(() => onMapped(overrides, createMissing))}
      />
    </section>
  );
}
