import type { DatabaseCandidate, FieldMap, FieldMapReport } from "@linksync/core";
import { useState } from "react";
import { FieldMapEditor } from "./field-map-editor";

export function MapStep({
  connectionId,
  candidates,
  onMapped,
}: {
  readonly connectionId: string;
  readonly candidates: readonly DatabaseCandidate[];
  readonly onMapped: (maps: ReadonlyMap<string, Partial<FieldMap>>, createMissing: boolean) => void;
}) {
  const [reports, setReports] = useState<ReadonlyMap<string, FieldMapReport>>(new Map());
  const [overrides, setOverrides] = useState<ReadonlyMap<string, Partial<FieldMap>>>(new Map());
  const [createMissing, setCreateMissing] = useState(true);
  const blocking = [...reports.values()].some((report) => report.errors.length > 0);
  const missing = [...reports.values()].flatMap((report) => report.missing);
  const ready = reports.size === candidates.length && !blocking && (missing.length === 0 || createMissing);
  return (
    <section className="panel">
      <h1>Check the columns</h1>
      <p className="screen__intro">
        Linksync reads Title and Destination and writes its own columns. Each choice is checked as you make
        it.
      </p>
      {candidates.map((candidate) => (
        <FieldMapEditor
          key={candidate.dataSourceId}
          connectionId={connectionId}
          candidate={candidate}
          override={overrides.get(candidate.dataSourceId) ?? {}}
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
      <button
        type="button"
        className="button button--primary"
        disabled={!ready}
        onClick={() => onMapped(overrides, createMissing)}
      >
        Continue
      </button>
    </section>
  );
}
