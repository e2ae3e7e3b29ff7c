import type { ConnectionSummary } from "@linksync/core";
import { useState } from "react";
import { InlineError } from "../../components/state-views";
import { useCompanion } from "../../state/companion-context";
import { useAction } from "../../state/use-action";

/** An internal integration's secret, pasted once and handed to the engine, which keeps it encrypted. */
export function InternalSecretForm({
  onConnected,
  primary,
}: {
  readonly onConnected: (connection: ConnectionSummary) => Promise<void>;
  readonly primary: boolean;
}) {
  const { api, host } = useCompanion();
  const [token, setToken] = useState("");
  const [label, setLabel] = useState("");
  const { busy, error, run } = useAction();
  const connect = () =>
    run(async () => {
      const summary = await api.addConnection({
        auth: { kind: "internal", token: token.trim() },
        ...(host?.notionBaseUrl ? { notionBaseUrl: host.notionBaseUrl } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
      });
      setToken("");
      await onConnected(summary);
    });
  return (
    <form
      className="secret-form"
      onSubmit={(event) => {
        event.preventDefault();
        void connect();
      }}
    >
      <p className="screen__intro">
        Paste the secret of an internal integration (Notion → Settings → Connections → Develop or manage
        integrations), then share your links database with that integration.
      </p>
      <label className="field">
        <span>Integration secret</span>
        <input
          type="password"
          autoComplete="off"
          placeholder="ntn_… or secret_…"
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
      </label>
      <label className="field">
        <span>Name for this workspace (optional)</span>
        <input value={label} placeholder="Marketing" onChange={(event) => setLabel(event.target.value)} />
      </label>
      <InlineError message={error} />
      <button
        type="submit"
        className={`button ${primary ? "button--primary" : ""}`}
        disabled={busy || token.trim() === ""}
      >
        {busy ? "Connecting…" : "Connect with the secret"}
      </button>
      <p className="muted">The secret is stored encrypted and never shown again.</p>
    </form>
  );
}
