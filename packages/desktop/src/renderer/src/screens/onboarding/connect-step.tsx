import type { ConnectionSummary } from "@linksync/core";
import { InlineError } from "../../components/state-views";
import { useCompanion } from "../../state/companion-context";
import { InternalSecretForm } from "./internal-secret-form";
import { OwnIntegrationForm } from "./own-integration-form";
import { useNotionSignIn } from "./use-notion-sign-in";

type OnConnected = (connection: ConnectionSummary) => void;

export function ConnectStep({ onConnected }: { readonly onConnected: OnConnected }) {
  const { host, status } = useCompanion();
  const existing = status?.connections.filter((connection) => connection.state === "connected") ?? [];
  return (
    <section className="panel panel--narrow">
      <h1>Connect Notion</h1>
      {existing.length > 0 && (
        <div className="existing">
          <p className="muted">Continue with a connected workspace:</p>
          {existing.map((connection) => (
            <button
              key={connection.id}
              type="button"
              className="button"
              onClick={() => onConnected(connection)}
            >
              {connection.workspaceName || connection.label}
            </button>
          ))}
        </div>
      )}
      {host?.notionSignIn && <SignInWithNotion onConnected={onConnected} />}
      <InternalSecretForm onConnected={onConnected} secondary={host?.notionSignIn === true} />
      {host && <OwnIntegrationForm onConnected={onConnected} redirectUri={host.ownIntegrationRedirectUri} />}
      {host?.notionBaseUrl && <p className="muted">Connecting to {host.notionBaseUrl}</p>}
    </section>
  );
}

/** OAuth through the Linksync broker. */
function SignInWithNotion({ onConnected }: { readonly onConnected: OnConnected }) {
  const { api } = useCompanion();
  const { busy, error, waiting, signIn } = useNotionSignIn(onConnected);
  return (
    <div className="sign-in">
      <p className="screen__intro">
        Sign in to Notion in your browser and choose the pages Linksync may use.
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        disabled={busy}
        onClick={() => signIn(() => api.startNotionSignIn())}
      >
        {waiting ? "Waiting for Notion… finish in your browser" : "Sign in with Notion"}
      </button>
      <InlineError message={error} />
    </div>
  );
}
