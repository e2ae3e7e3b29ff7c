import type { ConnectionSummary, DatabaseSummary, FieldMap, FieldMapReport } from "@linksync/core";
import { useState } from "react";
import { type MovedColumn, movedColumns } from "../../../shared/moved-columns";
import { ShortenerFields } from "../components/shortener-fields";
import { EmptyState, InlineError } from "../components/state-views";
import { StepFooter } from "../components/step-footer";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";
import { FieldMapEditor } from "./onboarding/field-map-editor";

/**
 * After attach: a database's columns and its workspace's shortener, each changed and checked on its own. Nothing is
 * saved until the engine (columns) or the shortener itself (address and key) accepted it.
 */
export function EditDatabase({ databaseId }: { readonly databaseId: string }) {
  const { status } = useCompanion();
  const database = status?.databases.find((candidate) => candidate.id === databaseId);
  const connection = status?.connections.find((candidate) => candidate.id === database?.connectionId);
  if (!database || !connection) {
    return (
      <div className="screen">
        <header className="screen__header">
          <h1>Edit a database</h1>
        </header>
        <EmptyState icon="⇄" title="This database is not connected any more">
          <a className="button" href="#/dashboard">
            Back to the dashboard
          </a>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="screen">
      <header className="screen__header">
        <h1>Edit {database.title}</h1>
        <a className="button" href="#/dashboard">
          Back to the dashboard
        </a>
      </header>
      <ColumnsPanel database={database} connectionId={connection.id} />
      <ShortenerPanel connection={connection} />
    </div>
  );
}

function ColumnsPanel({
  database,
  connectionId,
}: {
  readonly database: DatabaseSummary;
  readonly connectionId: string;
}) {
  const { api, host, refresh } = useCompanion();
  const [override, setOverride] = useState<Partial<FieldMap>>(() => database.fieldMap ?? {});
  const [report, setReport] = useState<FieldMapReport | null>(null);
  const [saved, setSaved] = useState<"same" | "moved" | null>(null);
  const fields = host?.fields.filter((field) => !field.bookkeeping) ?? [];
  const moved = report ? movedColumns(database.fieldMap, report.fieldMap, fields) : [];
  const { busy, error, run } = useAction();
  const blockedBy = !report ? "Checking the columns…" : (report.errors[0]?.message ?? null);
  const candidate = {
    dataSourceId: database.dataSourceId,
    databaseId: database.id,
    title: database.title,
    url: database.url,
  };
  return (
    <section className="panel" aria-labelledby="edit-columns">
      <h2 id="edit-columns">Columns</h2>
      <p className="screen__intro">
        Which Notion column holds each field. Short links already made keep their address; when a field moves
        to another column, Linksync reads every row again.
      </p>
      <FieldMapEditor
        connectionId={connectionId}
        candidate={candidate}
        override={override}
        onOverride={(next) => {
          setSaved(null);
          setOverride(next);
        }}
        onReport={setReport}
      />
      {report && report.missing.length > 0 && (
        <p className="muted">Saving adds the missing columns: {report.missing.join(", ")}.</p>
      )}
      {moved.length > 0 && !saved && <WhenSaved moved={moved} />}
      {saved && (
        <p role="status">
          <span className="badge badge--ok">
            {saved === "moved" ? "Columns saved · Linksync is reading every row again" : "Columns saved"}
          </span>
        </p>
      )}
      <StepFooter
        busy={busy}
        continueLabel={busy ? "Saving…" : "Save columns"}
        blockedBy={blockedBy}
        onContinue={() =>
          run(async () => {
            await api.remapDatabase(database.id, override, true);
            setSaved(moved.length > 0 ? "moved" : "same");
            refresh();
          })
        }
      />
      <InlineError message={error} />
    </section>
  );
}

/**
 * What saving a moved column does, said before the user saves: every row is read again at once (not only rows
 * edited later), links follow the new Destination, and a row with nothing there keeps its link and is listed.
 */
function WhenSaved({ moved }: { readonly moved: readonly MovedColumn[] }) {
  const destination = moved.find((column) => column.role === "destination");
  return (
    <div className="when-saved" aria-live="polite">
      <h3>When you save</h3>
      <ul>
        {moved.map((column) => (
          <li key={column.role}>
            {column.field}: {column.to ? <>«{column.to}»</> : "no column"} instead of{" "}
            {column.from ? <>«{column.from}»</> : "no column"}
          </li>
        ))}
      </ul>
      <p>
        Linksync reads every row again right away, not only the rows edited from now on.
        {destination?.to && (
          <>
            {" "}
            Each short link then opens the address in «{destination.to}», keeping its short URL. A row with
            nothing in «{destination.to}» keeps its current link and is listed on the dashboard among the rows
            that need attention until you fill it in.
          </>
        )}
      </p>
    </div>
  );
}

function ShortenerPanel({ connection }: { readonly connection: ConnectionSummary }) {
  const { api, refresh } = useCompanion();
  const [baseUrl, setBaseUrl] = useState(connection.shortenerUrl ?? "");
  const [apiKey, setApiKey] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const workspace = connection.workspaceName || connection.label;
  return (
    <section className="panel" aria-labelledby="edit-shortener">
      <h2 id="edit-shortener">Short links</h2>
      <p className="screen__intro">
        Every database of {workspace} makes its links at{" "}
        <strong>{connection.shortenerUrl ?? "no shortener yet"}</strong>. A new address or key is checked with
        the shortener before it is used.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            setSaved(null);
            const address = baseUrl.trim();
            await api.updateShortener(connection.id, {
              kind: "linksync-shortener",
              baseUrl: address,
              apiKey: apiKey.trim(),
            });
            setApiKey("");
            setSaved(address);
            refresh();
          });
        }}
      >
        <ShortenerFields baseUrl={baseUrl} apiKey={apiKey} onBaseUrl={setBaseUrl} onApiKey={setApiKey} />
        <div className="step-footer">
          {saved && (
            <span className="badge badge--ok" role="status">
              Links are made at {saved} from now on
            </span>
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || baseUrl.trim() === "" || apiKey.trim() === ""}
          >
            {busy ? "Checking…" : "Check and save"}
          </button>
        </div>
        <InlineError message={error} />
      </form>
    </section>
  );
}
