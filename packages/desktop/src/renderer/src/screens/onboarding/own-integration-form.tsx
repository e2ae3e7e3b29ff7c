import type { ConnectionSummary } from "@linksync/core";
import { useState } from "react";
import { InlineError } from "../../components/state-views";
import { useCompanion } from "../../state/companion-context";
import { useAction } from "../../state/use-action";
import { useNotionSignIn } from "./use-notion-sign-in";

/** For self-hosters: their own public integration, with the redirect URI it must register (Notion matches it exactly). */
export function OwnIntegrationForm({
  onConnected,
  redirectUri,
}: {
  readonly onConnected: (connection: ConnectionSummary) => Promise<void>;
  readonly redirectUri: string;
}) {
  const { api } = useCompanion();
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [copied, setCopied] = useState(false);
  const { busy, error, waiting, signIn } = useNotionSignIn(onConnected);
  const copying = useAction();
  const connect = () =>
    signIn(async () => {
      const started = await api.startOwnIntegrationSignIn({ clientId, clientSecret });
      // The host holds the secret from here on; the window forgets it.
      setClientSecret("");
      return started;
    });
  const copy = () =>
    copying.run(async () => {
      await navigator.clipboard.writeText(redirectUri);
      setCopied(true);
    });
  return (
    <details className="alternative own-integration">
      <summary>Use your own public integration instead</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void connect();
        }}
      >
        <p className="screen__intro">
          In your public integration's settings (Notion → Settings → Connections → Develop or manage
          integrations), register exactly this redirect URI in your integration, then paste its OAuth client
          ID and secret.
        </p>
        <div className="field">
          <span>Redirect URI</span>
          <code className="redirect-uri">{redirectUri}</code>
          <button type="button" className="button" onClick={copy}>
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        <label className="field">
          <span>OAuth client ID</span>
          <input autoComplete="off" value={clientId} onChange={(event) => setClientId(event.target.value)} />
        </label>
        <label className="field">
          <span>OAuth client secret</span>
          <input
            type="password"
            autoComplete="off"
            value={clientSecret}
            onChange={(event) => setClientSecret(event.target.value)}
          />
        </label>
        <InlineError message={error ?? copying.error} />
        <button
          type="submit"
          className="button"
          disabled={busy || clientId.trim() === "" || clientSecret.trim() === ""}
        >
          {waiting ? "Waiting for Notion… finish in your browser" : "Connect with your integration"}
        </button>
        <p className="muted">The secret is stored encrypted and never shown again.</p>
      </form>
    </details>
  );
}
