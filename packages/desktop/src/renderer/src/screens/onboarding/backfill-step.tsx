import type { DatabaseSummary } from "@linksync/core";
import { FailedRows } from "../../components/failed-rows";
import { useCompanion } from "../../state/companion-context";
import { ProgressBar } from "../dashboard";

export function BackfillStep({ databases }: { readonly databases: readonly DatabaseSummary[] }) {
  const { status, progress } = useCompanion();
  const current = databases.map(
    (database) => status?.databases.find((each) => each.id === database.id) ?? database,
  );
  const finished = current.every(
    (database) => database.state.kind === "synced" && !progress.has(database.id),
  );
  return (
    <section className="panel panel--narrow">
      <h1 tabIndex={-1}>{finished ? "All set" : "Creating short links…"}</h1>
      {current.map((database) => {
        const live = database.state.kind === "syncing" ? progress.get(database.id) : undefined;
        return (
          <div key={database.id} className="backfill" data-database={database.title}>
            <h2>{database.title}</h2>
            {live ? (
              <ProgressBar progress={live} />
            ) : (
              <p className="muted">
                {database.linked.toLocaleString("en-US")} of {database.rows.toLocaleString("en-US")} rows have
                a short link.
              </p>
            )}
            {!live && <FailedRows databaseId={database.id} lastSyncAt={database.lastSyncAt} />}
          </div>
        );
      })}
      <p className="muted">You can close this window: Linksync keeps syncing from the tray.</p>
      <a className="button button--primary" href="#/dashboard">
        Open the dashboard
      </a>
    </section>
  );
}
