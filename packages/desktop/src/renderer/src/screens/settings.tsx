import { useEffect, useState } from "react";
import type { CompanionSettings } from "../../../shared/contract";
import { RemoveWithUndo } from "../components/remove-with-undo";
import { ErrorState, InlineError, LoadingState } from "../components/state-views";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";

/** What removing a workspace does to its databases, counted. */
function workspaceRemovalConsequence(databases: number): string {
  const which =
    databases === 0
      ? ""
      : databases === 1
        ? " Its database stops syncing."
        : ` Its ${databases} databases stop syncing.`;
  return `Linksync forgets its Notion connection.${which} Rows and short links in Notion stay as they are.`;
}

export function Settings() {
  const { api, status, host, refresh } = useCompanion();
  const [settings, setSettings] = useState<CompanionSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { error, run } = useAction();
  const server = useAction();
  const [serverDraft, setServerDraft] = useState<string | null>(null);

  useEffect(() => {
    api.settings().then(setSettings, (failure: unknown) => setLoadError(String(failure)));
  }, [api]);
  const update = (patch: Partial<CompanionSettings>) =>
    run(async () => setSettings(await api.updateSettings(patch)));
  const saveServer = (serverUrl: string) =>
    server.run(async () => {
      setSettings(await api.updateSettings({ serverUrl }));
      setServerDraft(null);
      refresh();
    });

  if (loadError) return <ErrorState message={loadError} />;
  if (!settings || !host) return <LoadingState label="Loading settings…" />;
  return (
    <div className="screen">
      <header className="screen__header">
        <h1>Settings</h1>
      </header>
      <section className="panel">
        <h2>Syncing</h2>
        <label className="field field--row">
          <span>
            Check Notion every
            <small>For databases connected from now on.</small>
          </span>
          <select
            value={settings.pollIntervalMinutes}
            onChange={(event) => update({ pollIntervalMinutes: Number(event.target.value) })}
          >
            {[1, 5, 15, 30, 60].map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes} {minutes === 1 ? "minute" : "minutes"}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--row">
          <span>
            QR codes
            <small>For databases connected from now on.</small>
          </span>
          <select
            value={settings.qrImages}
            onChange={(event) => update({ qrImages: event.target.value as CompanionSettings["qrImages"] })}
          >
            <option value="auto">Automatic: imported by Notion when the shortener is public</option>
            <option value="upload">Uploaded by Linksync</option>
            <option value="import">Imported by Notion from the shortener</option>
            <option value="link">Linked to the shortener's image (no copy in Notion)</option>
          </select>
        </label>
        <label className="field field--row">
          <span>
            Notifications
            <small>New conflicts, paused databases and lost connections.</small>
          </span>
          <input
            type="checkbox"
            className="switch"
            checked={settings.notifications}
            onChange={(event) => update({ notifications: event.target.checked })}
          />
        </label>
        <label className="field field--row">
          <span>
            Launch at login
            <small>
              {host.canLaunchAtLogin
                ? "Start Linksync in the tray when you log in."
                : "Only in the desktop app."}
            </small>
          </span>
          <input
            type="checkbox"
            className="switch"
            disabled={!host.canLaunchAtLogin}
            checked={settings.launchAtLogin}
            onChange={(event) => update({ launchAtLogin: event.target.checked })}
          />
        </label>
        <InlineError message={error} />
      </section>
      <section className="panel">
        <h2>Linksync server</h2>
        <form
          className="server-form"
          onSubmit={(event) => {
            event.preventDefault();
            void saveServer(serverDraft ?? settings.serverUrl ?? "");
          }}
        >
          <label className="field">
            <span>
              Server address
              <small>
                Sign in with Notion goes through it, and your short links live in your account there.
                {host.builtInServerUrl ? ` Leave empty for ${host.builtInServerUrl}.` : ""}
              </small>
            </span>
            <input
              type="url"
              placeholder={host.builtInServerUrl ?? "https://linksync.example.com"}
              value={serverDraft ?? settings.serverUrl ?? ""}
              onChange={(event) => setServerDraft(event.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={server.busy || serverDraft === null}>
            Save server
          </button>
          <InlineError message={server.error} />
        </form>
      </section>
      <section className="panel">
        <h2>Workspaces</h2>
        {status?.connections.length === 0 && <p className="muted">No Notion workspace connected.</p>}
        <ul className="workspace-list">
          {status?.connections.map((connection) => (
            <li key={connection.id} className="workspace" data-connection={connection.id}>
              <span>
                <strong>{connection.workspaceName || connection.label}</strong>
                <span className={`badge ${connection.state === "revoked" ? "badge--bad" : "badge--ok"}`}>
                  <span className="badge__dot" aria-hidden="true" />
                  {connection.state === "revoked" ? "Disconnected" : "Connected"}
                </span>
              </span>
              <span className="workspace-list__actions">
                {connection.state === "revoked" && (
                  <a className="button button--primary" href="#/onboarding">
                    Reconnect
                  </a>
                )}
                <RemoveWithUndo
                  label="Remove workspace"
                  name={connection.workspaceName || connection.label}
                  consequence={workspaceRemovalConsequence(
                    status.databases.filter((database) => database.connectionId === connection.id).length,
                  )}
                  onRemove={() => api.removeConnection(connection.id).then(refresh)}
                />
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel">
        <h2>Secrets</h2>
        <p>
          Tokens are kept in {host.secretStorage.where}
          {host.secretStorage.encrypted ? ", encrypted." : "."}
        </p>
        {host.secretStorage.warning && <p className="inline-error">{host.secretStorage.warning}</p>}
      </section>
    </div>
  );
}
