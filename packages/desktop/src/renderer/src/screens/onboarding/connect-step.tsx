import type { ConnectionSummary } from "@linksync/core";
import { InlineError } from "../../components/state-views";
import { useCompanion } from "../../state/companion-context";
import { useAction } from "../../state/use-action";
import { InternalSecretForm } from "./internal-secret-form";
import { OwnIntegrationForm } from "./own-integration-form";
import { useNotionSignIn } from "./use-notion-sign-in";

type OnConnected = (connection: ConnectionSummary) => Promise<void>;

/**
 * The first step. With a Linksync server, one button: Sign in with Notion. An integration secret or one's own
 * integration are for people who know what those are, so they wait under "Advanced".
 */
export function ConnectStep({ onConnected }: { readonly onConnected: OnConnected }) {
  const { host, status } = useCompanion();
  const existing = status?.connections.filter((connection) => connection.state === "connected") ?? [];
  const signIn = host?.notionSignIn === true;
  const choosing = useAction();
  return (
    <section className="panel panel--narrow">
      <h1 tabIndex={-1}>Connect Notion</h1>
      {existing.length > 0 && (
        <div className="existing">
          <p className="muted">Continue with a connected workspace:</p>
          {existing.map((connection) => (
            <button
              key={connection.id}
              type="button"
              className="button"
              disabled={choosing.busy}
              onClick={() => choosing.run(() => onConnected(connection))}
            >
              {connection.workspaceName || connection.label}
            </button>
          ))}
          <InlineError message={choosing.error} />
        </div>
      )}
      {signIn ? (
        <SignInWithNotion onConnected={onConnected} />
      ) : (
        <p className="screen__intro">
          Sign in with Notion needs a Linksync server. Add its address in <a href="#/settings">Settings</a>,
          or connect with an integration secret below.
        </p>
      )}
      <details className="advanced" open={!signIn}>
        <summary>Advanced: an integration secret, or your own integration</summary>
        <InternalSecretForm onConnected={onConnected} primary={!signIn} />
        {host && (
          <OwnIntegrationForm onConnected={onConnected} redirectUri={host.ownIntegrationRedirectUri} />
        )}
        {host?.notionBaseUrl && <p className="muted">Connecting to {host.notionBaseUrl}</p>}
      </details>
      {(status?.databases.length ?? 0) > 0 && (
        <div className="step-footer">
          <a className="button button--quiet" href="#/dashboard">
            ← Back to the dashboard
          </a>
        </div>
      )}
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
