import type { ConnectionSummary, DatabaseSummary, FieldMap, FieldMapReport } from "@linksync/core";
import { useState } from "react";
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
  const { api, refresh } = useCompanion();
  const [override, setOverride] = useState<Partial<FieldMap>>(() => database.fieldMap ?? {});
  const [report, setReport] = useState<FieldMapReport | null>(null);
  const [saved, setSaved] = useState(false);
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
        Which Notion column holds each field. Links already made stay; Linksync reads and writes the columns
        chosen here from the next sync on.
      </p>
      <FieldMapEditor
        connectionId={connectionId}
        candidate={candidate}
        override={override}
        onOverride={(next) => {
          setSaved(false);
          setOverride(next);
        }}
        onReport={setReport}
      />
      {report && report.missing.length > 0 && (
        <p className="muted">Saving adds the missing columns: {report.missing.join(", ")}.</p>
      )}
      {saved && (
        <p role="status">
          <span className="badge badge--ok">Columns saved</span>
        </p>
      )}
      <StepFooter
        busy={busy}
        continueLabel={busy ? "Saving…" : "Save columns"}
        blockedBy={blockedBy}
        onContinue={() =>
          run(async () => {
            await api.remapDatabase(database.id, override, true);
            setSaved(true);
            refresh();
          })
        }
      />
      <InlineError message={error} />
    </section>
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
