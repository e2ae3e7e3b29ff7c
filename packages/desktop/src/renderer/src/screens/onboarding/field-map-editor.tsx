import type { DatabaseCandidate, FieldMap, FieldMapReport, FieldRole, FieldSpec } from "@linksync/core";
import { useEffect, useState } from "react";
import { plainTypeName } from "../../../../shared/column-types";
import { InlineError, LoadingState } from "../../components/state-views";
import { useCompanion } from "../../state/companion-context";
import { useAction } from "../../state/use-action";

/**
 * One database's columns, one row per Linksync field. Only columns of the right type are offered, in Notion's own
 * words; a choice stays shown while the engine checks it again (with a spinner), instead of snapping back.
 */
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
  /** The engine's verdict on the current choices; `null` while it is being asked. */
  readonly onReport: (report: FieldMapReport | null) => void;
}) {
  const { api, host } = useCompanion();
  const [report, setReport] = useState<FieldMapReport | null>(null);
  const [checking, setChecking] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Coming back from Notion (after adding a column there) checks the database again.
  const [visit, setVisit] = useState(0);
  useEffect(() => {
    const again = () => setVisit((count) => count + 1);
    window.addEventListener("focus", again);
    return () => window.removeEventListener("focus", again);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `onReport` is a fresh closure each render; the inputs are the ids and the map.
  useEffect(() => {
    let current = true;
    setChecking(true);
    onReport(null);
    api.inspectDatabase(connectionId, candidate.dataSourceId, override).then(
      (next) => {
        if (!current) return;
        setReport(next);
        setError(null);
        setChecking(false);
        onReport(next);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        setChecking(false);
      },
    );
    return () => {
      current = false;
    };
  }, [api, connectionId, candidate.dataSourceId, override, visit]);
  if (error) return <InlineError message={error} />;
  if (!report || !host) return <LoadingState label={`Reading ${candidate.title}…`} />;
  const roles = host.fields.filter((field) => !field.bookkeeping);
  const mappedRoles = new Set(roles.map((field) => report.fieldMap[field.role as FieldRole]));
  return (
    <div className="field-map" data-database={candidate.title} aria-busy={checking}>
      <h2>
        {report.title}
        {checking && (
          <span className="checking" role="status">
            <span className="spinner spinner--inline" aria-hidden="true" />
            Checking…
          </span>
        )}
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Linksync field</th>
            <th scope="col">Notion column</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((field) => (
            <FieldRow
              key={field.role}
              field={field}
              report={report}
              chosen={field.role in override ? override[field.role as FieldRole] : undefined}
              overridden={field.role in override}
              onChange={(column) => onOverride({ ...override, [field.role]: column })}
              onCreate={async () => {
                const created = await api.addColumn(connectionId, candidate.dataSourceId, field.role);
                onOverride({ ...override, [field.role]: created.fieldMap[field.role] });
              }}
            />
          ))}
        </tbody>
      </table>
      {report.errors
        .filter((issue) => !mappedRoles.has(issue.column))
        .map((issue) => (
          <p key={issue.message} className="inline-error">
            {issue.message}
          </p>
        ))}
    </div>
  );
}

function FieldRow({
  field,
  report,
  chosen,
  overridden,
  onChange,
  onCreate,
}: {
  readonly field: FieldSpec;
  readonly report: FieldMapReport;
  readonly chosen: string | undefined;
  readonly overridden: boolean;
  readonly onChange: (column: string | undefined) => void;
  /** Adds an empty column for this field to the database in Notion, and maps it. */
  readonly onCreate: () => Promise<void>;
}) {
  const creating = useAction();
  const mapped = overridden ? chosen : report.fieldMap[field.role as FieldRole];
  const problems = mapped ? report.errors.filter((issue) => issue.column === mapped) : [];
  const isMissing = mapped !== undefined && report.missing.includes(mapped);
  const compatible = report.columns.filter((column) => column.type === field.type);
  const current = report.columns.find((column) => column.name === mapped);
  // A column of the user's that Linksync cannot create for them, and none of the right type to pick.
  const noneCompatible = compatible.length === 0 && !isMissing && field.owner === "notion" && field.required;
  return (
    <tr className={problems.length > 0 ? "row--bad" : ""}>
      <td>
        <strong>{field.defaultName}</strong>
        <small>
          {plainTypeName(field.type)} · {field.purpose}
        </small>
      </td>
      <td>
        <select
          aria-label={`Column for ${field.defaultName}`}
          value={mapped ?? ""}
          onChange={(event) => onChange(event.target.value || undefined)}
        >
          {(!field.required || !mapped) && (
            <option value="">{field.required ? "Choose a column…" : "Not used"}</option>
          )}
          {isMissing && mapped && <option value={mapped}>New column “{mapped}”</option>}
          {mapped && !isMissing && current && current.type !== field.type && (
            <option value={mapped}>
              {mapped} ({plainTypeName(current.type)}, not {plainTypeName(field.type)})
            </option>
          )}
          {mapped && !isMissing && !current && (
            <option value={mapped}>{mapped} (not in this database)</option>
          )}
          {compatible.map((column) => (
            <option key={column.name} value={column.name}>
              {column.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        {!noneCompatible &&
          problems.map((issue) => (
            <span key={issue.message} className="inline-error">
              {issue.message}
            </span>
          ))}
        {noneCompatible && (
          <div className="create-column">
            <span className="inline-error">
              This database has no {plainTypeName(field.type)} column. Linksync can add an empty one for you
              to fill in, or add a {plainTypeName(field.type)} property in Notion (checked again when you come
              back).
            </span>
            <button
              type="button"
              className="button"
              disabled={creating.busy}
              onClick={() => creating.run(onCreate)}
            >
              {creating.busy ? "Creating…" : `Create a ${field.defaultName} column`}
            </button>
            <InlineError message={creating.error} />
          </div>
        )}
        {problems.length === 0 && isMissing && <span className="badge badge--warn">Will be created</span>}
        {problems.length === 0 && !isMissing && mapped && current?.type === field.type && (
          <span className="badge badge--ok">OK</span>
        )}
      </td>
    </tr>
  );
}
