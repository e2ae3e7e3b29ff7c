import type { ImportPreview, ImportPreviewRow, ImportRowOutcome, ImportSummary } from "@linksync/core";
import { type DragEvent, type ReactNode, useEffect, useState } from "react";
import { EmptyState, InlineError } from "../components/state-views";
import { VirtualList } from "../components/virtual-list";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";

interface CsvFile {
  readonly name: string;
  readonly text: string;
}

/**
 * Import: the file's text goes to the host, which checks it against the chosen database (its column names, the
 * sync's rules) and answers a preview; Import then creates the rows and their links there. The window parses nothing.
 */
export function Import() {
  const { api, status, progress } = useCompanion();
  const [chosenId, setChosenId] = useState("");
  const [file, setFile] = useState<CsvFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  const [dragging, setDragging] = useState(false);
  const checking = useAction();
  const importing = useAction();
  const databases = status?.databases ?? [];
  const databaseId = chosenId || databases[0]?.id || "";

  useEffect(() => {
    setPreview(null);
    setResult(null);
    if (!file || !databaseId) return;
    void checking.run(async () => setPreview(await api.previewImport(databaseId, file.text)));
  }, [api, databaseId, file, checking.run]);

  const readFile = async (picked: File | undefined) => {
    if (picked) setFile({ name: picked.name, text: await picked.text() });
  };
  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    void readFile(event.dataTransfer.files[0]);
  };
  const startImport = () => {
    if (!file) return;
    void importing.run(async () => setResult(await api.importCsv(databaseId, file.text)));
  };

  if (status && databases.length === 0) {
    return (
      <EmptyState icon="⇪" title="Connect a database first">
        <p>Imported rows are created in a connected Notion database.</p>
        <a className="button button--primary" href="#/onboarding">
          Connect Notion
        </a>
      </EmptyState>
    );
  }
  const invalid = preview ? preview.rows.length - preview.ready : 0;
  const live = importing.busy ? progress.get(databaseId) : undefined;
  return (
    <div className="screen screen--fill">
      <header className="screen__header">
        <h1>Import</h1>
      </header>
      <p className="screen__intro">
        Drop a CSV with the columns <code>title</code>, <code>destination</code> and optionally{" "}
        <code>tags</code> (separated by <code>;</code>). You see every row and its problems before anything is
        written; importing the same file again creates nothing twice.
      </p>
      <div className="filters">
        <select
          aria-label="Database"
          value={databaseId}
          onChange={(event) => setChosenId(event.target.value)}
        >
          {databases.map((database) => (
            <option key={database.id} value={database.id}>
              {database.title}
            </option>
          ))}
        </select>
      </div>
      <label
        className={`dropzone ${dragging ? "dropzone--active" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => void readFile(event.target.files?.[0])}
        />
        <strong>{file?.name ?? "Drop a CSV file here"}</strong>
        <span className="muted">or click to choose one</span>
      </label>
      <InlineError message={checking.error ?? importing.error} />
      {preview?.fileErrors.map((problem) => (
        <p key={problem.code} className="inline-error" role="alert">
          {problem.message}
        </p>
      ))}
      {result ? (
        <ImportResults result={result} />
      ) : (
        preview &&
        preview.rows.length > 0 && (
          <>
            <div className="import-actions">
              <p className="import-summary" data-testid="import-summary">
                <span className="badge badge--ok">{preview.ready} ready</span>
                {invalid > 0 && <span className="badge badge--bad">{invalid} with problems</span>}
              </p>
              <button
                type="button"
                className="button button--primary"
                disabled={preview.ready === 0 || importing.busy}
                onClick={startImport}
              >
                {importing.busy
                  ? live
                    ? `Importing ${live.done} of ${live.total}…`
                    : "Importing…"
                  : `Import ${preview.ready} ${preview.ready === 1 ? "row" : "rows"}`}
              </button>
            </div>
            <RowList
              label="Rows to import"
              heads={["Line", "Title", "Destination", "Check"]}
              rows={preview.rows}
              renderRow={(row) => <PreviewRow row={row} />}
            />
          </>
        )
      )}
    </div>
  );
}

/**
 * The file's rows (previewed or imported) under their columns' names: the names are shown to the eye; each cell also
 * carries its column's name for a screen reader (the rows are a list, not a table, because only the visible ones are
 * rendered).
 */
function RowList<T extends { readonly line: number }>({
  label,
  heads,
  rows,
  renderRow,
}: {
  readonly label: string;
  readonly heads: readonly string[];
  readonly rows: readonly T[];
  readonly renderRow: (row: T) => ReactNode;
}) {
  return (
    <>
      <div className="import-row import-row--head" aria-hidden="true">
        {heads.map((name) => (
          <span key={name}>{name}</span>
        ))}
      </div>
      <VirtualList
        label={label}
        items={rows}
        rowHeight={52}
        rowKey={(row) => row.line}
        renderRow={renderRow}
      />
    </>
  );
}

/** The cells every row starts with: its line in the file and its title. */
function LineAndTitle({ line, title }: { readonly line: number; readonly title: string }) {
  return (
    <>
      <Cell head="Line" className="muted">
        {line}
      </Cell>
      <Cell head="Title">
        <strong>{title || "—"}</strong>
      </Cell>
    </>
  );
}

function Cell({
  head,
  children,
  className,
}: {
  readonly head: string;
  readonly children: ReactNode;
  readonly className?: string;
}) {
  return (
    <span className={className}>
      <span className="visually-hidden">{head}: </span>
      {children}
    </span>
  );
}

function PreviewRow({ row }: { readonly row: ImportPreviewRow }) {
  const bad = row.errors.length > 0;
  const check = bad ? row.errors.map((e) => e.message).join(" ") : row.tags.join(", ") || "Ready";
  return (
    <div className={`import-row ${bad ? "import-row--bad" : ""}`} title={check}>
      <LineAndTitle line={row.line} title={row.title} />
      <Cell head="Destination" className="import-row__dest">
        {row.destination}
      </Cell>
      <Cell head="Check">{check}</Cell>
    </div>
  );
}

function ImportResults({ result }: { readonly result: ImportSummary }) {
  return (
    <>
      <p className="import-summary" data-testid="import-result">
        <span className="badge badge--ok">{result.created} created</span>
        {result.existing > 0 && <span className="badge">{result.existing} already there</span>}
        {result.failed.length > 0 && <span className="badge badge--bad">{result.failed.length} failed</span>}
      </p>
      <RowList
        label="Imported rows"
        heads={["Line", "Title", "Short link", "Result"]}
        rows={result.rows}
        renderRow={(row) => <OutcomeRow row={row} />}
      />
    </>
  );
}

function OutcomeRow({ row }: { readonly row: ImportRowOutcome }) {
  return (
    <div
      className={`import-row ${row.status === "failed" ? "import-row--bad" : ""}`}
      data-import-status={row.status}
    >
      <LineAndTitle line={row.line} title={row.title} />
      <Cell head="Short link" className="import-row__dest">
        {row.status === "failed" ? "none" : row.shortUrl}
      </Cell>
      <Cell head="Result">
        {row.status === "failed"
          ? `Failed: ${row.message}`
          : row.status === "created"
            ? "Created"
            : "Already there"}
      </Cell>
    </div>
  );
}
