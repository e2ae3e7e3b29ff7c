import { type DragEvent, useState } from "react";
import { type ImportPreview, previewImport } from "../../../shared/import-preview";
import { EmptyState } from "../components/state-views";
import { VirtualList } from "../components/virtual-list";
import { useCompanion } from "../state/companion-context";

export function Import() {
  const { status } = useCompanion();
  const [databaseId, setDatabaseId] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [dragging, setDragging] = useState(false);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setPreview(previewImport(await file.text()));
  };
  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    void readFile(event.dataTransfer.files[0]);
  };
  const databases = status?.databases ?? [];
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
  const invalid = preview ? preview.rows.length - preview.valid : 0;
  return (
    <div className="screen screen--fill">
      <header className="screen__header">
        <h1>Import</h1>
      </header>
      <p className="screen__intro">
        Drop a CSV with the columns <code>title</code>, <code>destination</code> and optionally{" "}
        <code>tags</code> (separated by <code>;</code>). You see every row and its problems before anything is
        written.
      </p>
      <div className="filters">
        <select
          aria-label="Database"
          value={databaseId}
          onChange={(event) => setDatabaseId(event.target.value)}
        >
          <option value="">Choose a database…</option>
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
        <strong>{fileName ?? "Drop a CSV file here"}</strong>
        <span className="muted">or click to choose one</span>
      </label>
      {preview?.fileErrors.map((message) => (
        <p key={message} className="inline-error" role="alert">
          {message}
        </p>
      ))}
      {preview && preview.rows.length > 0 && (
        <>
          <p className="import-summary" data-testid="import-summary">
            <span className="badge badge--ok">{preview.valid} ready</span>
            {invalid > 0 && <span className="badge badge--bad">{invalid} with problems</span>}
          </p>
          <VirtualList
            label="Rows to import"
            items={preview.rows}
            rowHeight={52}
            rowKey={(row) => row.line}
            renderRow={(row) => (
              <div className={`import-row ${row.errors.length > 0 ? "import-row--bad" : ""}`}>
                <span className="muted">{row.line}</span>
                <strong>{row.title || "—"}</strong>
                <span className="import-row__dest">{row.destination}</span>
                <span>{row.errors.length > 0 ? row.errors.join(" ") : row.tags.join(", ")}</span>
              </div>
            )}
          />
          <p className="muted">
            Creating these rows needs the engine's import command, which this version of Linksync does not
            have yet; use the preview to fix the file meanwhile.
          </p>
        </>
      )}
    </div>
  );
}
