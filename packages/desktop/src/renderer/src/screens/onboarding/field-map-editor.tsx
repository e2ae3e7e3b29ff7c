import type { DatabaseCandidate, FieldMap, FieldMapReport, FieldRole } from "@linksync/core";
import { useEffect, useState } from "react";
import { InlineError, LoadingState } from "../../components/state-views";
import { useCompanion } from "../../state/companion-context";

export function FieldMapEditor({
  connectionId,
  candidate,
  override,
  onOverride,
  onReport,
}: {
  readonly connectionId: string;
  readonly candidate: DatabaseCandidate;
  readonly override: Partial<FieldMap>;
  readonly onOverride: (next: Partial<FieldMap>) => void;
  readonly onReport: (report: FieldMapReport) => void;
}) {
  const { api, host } = useCompanion();
  const [report, setReport] = useState<FieldMapReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `onReport` is a fresh closure each render; the inputs are the ids and the map.
  useEffect(() => {
    api.inspectDatabase(connectionId, candidate.dataSourceId, override).then(
      (next) => {
        setReport(next);
        setError(null);
        onReport(next);
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [api, connectionId, candidate.dataSourceId, override]);
  if (error) return <InlineError message={error} />;
  if (!report || !host) return <LoadingState label={`Reading ${candidate.title}…`} />;
  const roles = host.fields.filter((field) => !field.bookkeeping);
  const issuesOf = (column: string) => report.errors.filter((issue) => issue.column === column);
  return (
    <div className="field-map" data-database={candidate.title}>
      <h2>{report.title}</h2>
      <table>
        <thead>
          <tr>
            <th>Linksync field</th>
            <th>Notion column</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((field) => {
            const mapped = report.fieldMap[field.role as FieldRole];
            const problems = mapped ? issuesOf(mapped) : [];
            const isMissing = mapped !== undefined && report.missing.includes(mapped);
            return (
              <tr key={field.role} className={problems.length > 0 ? "row--bad" : ""}>
                <td>
                  <strong>{field.defaultName}</strong>
                  <small>{field.purpose}</small>
                </td>
                <td>
                  <select
                    aria-label={`Column for ${field.defaultName}`}
                    value={mapped ?? ""}
                    onChange={(event) =>
                      onOverride({ ...override, [field.role]: event.target.value || undefined })
                    }
                  >
                    {!field.required && <option value="">Not used</option>}
                    {isMissing && mapped && <option value={mapped}>{mapped} (new)</option>}
                    {report.columns.map((column) => (
                      <option key={column.name} value={column.name}>
                        {column.name} · {column.type}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {problems.map((issue) => (
                    <span key={issue.message} className="inline-error">
                      {issue.message}
                    </span>
                  ))}
                  {problems.length === 0 && isMissing && (
                    <span className="badge badge--warn">Will be created</span>
                  )}
                  {problems.length === 0 && !isMissing && mapped && (
                    <span className="badge badge--ok">OK</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.errors
        .filter((issue) => !roles.some((field) => report.fieldMap[field.role as FieldRole] === issue.column))
        .map((issue) => (
          <p key={issue.message} className="inline-error">
            {issue.message}
          </p>
        ))}
    </div>
  );
}
