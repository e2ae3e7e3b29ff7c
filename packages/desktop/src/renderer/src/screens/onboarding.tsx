import type {
  ConnectionSummary,
  DatabaseCandidate,
  DatabaseSummary,
  FieldMap,
  FieldMapReport,
  FieldRole,
} from "@linksync/core";
import { useEffect, useState } from "react";
import type { ProviderChoice } from "../../../shared/contract";
import { notionPageIdFrom } from "../../../shared/notion-page-id";
import { EmptyState, InlineError, LoadingState } from "../components/state-views";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";
import { ProgressBar } from "./dashboard";

type Step = "connect" | "pick" | "map" | "provider" | "backfill";
const STEPS: readonly { readonly id: Step; readonly label: string }[] = [
  { id: "connect", label: "Connect" },
  { id: "pick", label: "Databases" },
  { id: "map", label: "Columns" },
  { id: "provider", label: "Short links" },
  { id: "backfill", label: "Links" },
];

export function Onboarding() {
  const [step, setStep] = useState<Step>("connect");
  const [connection, setConnection] = useState<ConnectionSummary | null>(null);
  const [picked, setPicked] = useState<readonly DatabaseCandidate[]>([]);
  const [maps, setMaps] = useState<ReadonlyMap<string, Partial<FieldMap>>>(new Map());
  const [createMissing, setCreateMissing] = useState(false);
  const [attached, setAttached] = useState<readonly DatabaseSummary[]>([]);
  const [creation, setCreation] = useState<NewDatabase | null>(null);

  return (
    <div className="screen onboarding">
      <ol className="stepper" aria-label="Steps">
        {STEPS.map((each, index) => (
          <li
            key={each.id}
            aria-current={each.id === step ? "step" : undefined}
            className={each.id === step ? "stepper__current" : ""}
          >
            <span className="stepper__number">{index + 1}</span>
            {each.label}
          </li>
        ))}
      </ol>
      {step === "connect" && (
        <ConnectStep
          onConnected={(summary) => {
            setConnection(summary);
            setStep("pick");
          }}
        />
      )}
      {step === "pick" && connection && (
        <PickStep
          connectionId={connection.id}
          onPicked={(candidates) => {
            setPicked(candidates);
            setCreation(null);
            setStep("map");
          }}
          onCreate={(request) => {
            setCreation(request);
            setStep("provider");
          }}
        />
      )}
      {step === "map" && connection && (
        <MapStep
          connectionId={connection.id}
          candidates={picked}
          onMapped={(next, consent) => {
            setMaps(next);
            setCreateMissing(consent);
            setStep("provider");
          }}
        />
      )}
      {step === "provider" && connection && (
        <ProviderStep
          onAttach={async (provider, api) => {
            if (creation) {
              setAttached([await api.createDatabase({ connectionId: connection.id, ...creation, provider })]);
              setStep("backfill");
              return;
            }
            const summaries: DatabaseSummary[] = [];
            for (const candidate of picked) {
              summaries.push(
                await api.attachDatabase({
                  connectionId: connection.id,
                  dataSourceId: candidate.dataSourceId,
                  fieldMap: maps.get(candidate.dataSourceId),
                  createMissingColumns: createMissing,
                  provider,
                }),
              );
            }
            setAttached(summaries);
            setStep("backfill");
          }}
        />
      )}
      {step === "backfill" && <BackfillStep databases={attached} />}
    </div>
  );
}

function ConnectStep({ onConnected }: { readonly onConnected: (connection: ConnectionSummary) => void }) {
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
      <InternalTokenForm onConnected={onConnected} secondary={host?.notionSignIn === true} />
      {host && <OwnIntegrationForm onConnected={onConnected} redirectUri={host.ownIntegrationRedirectUri} />}
      {host?.notionBaseUrl && <p className="muted">Connecting to {host.notionBaseUrl}</p>}
    </section>
  );
}

/** OAuth through the broker: the page opens Notion's consent screen in the browser and waits for it to come back. */
function SignInWithNotion({
  onConnected,
}: {
  readonly onConnected: (connection: ConnectionSummary) => void;
}) {
  const { api } = useCompanion();
  const [waiting, setWaiting] = useState(false);
  const { busy, error, run } = useAction();
  const signIn = () =>
    run(async () => {
      const { attemptId, authorizeUrl } = await api.startNotionSignIn();
      window.open(authorizeUrl, "_blank", "noopener");
      setWaiting(true);
      try {
        onConnected(await api.finishNotionSignIn(attemptId));
      } finally {
        setWaiting(false);
      }
    });
  return (
    <div className="sign-in">
      <p className="screen__intro">
        Sign in to Notion in your browser and choose the pages Linksync may use.
      </p>
      <button type="button" className="button button--primary button--large" disabled={busy} onClick={signIn}>
        {waiting ? "Waiting for Notion… finish in your browser" : "Sign in with Notion"}
      </button>
      <InlineError message={error} />
    </div>
  );
}

/** For self-hosters: their own public integration, with the redirect URI it must register (Notion matches it exactly). */
function OwnIntegrationForm({
  onConnected,
  redirectUri,
}: {
  readonly onConnected: (connection: ConnectionSummary) => void;
  readonly redirectUri: string;
}) {
  const { api } = useCompanion();
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [copied, setCopied] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const { busy, error, run } = useAction();
  const connect = () =>
    run(async () => {
      const { attemptId, authorizeUrl } = await api.startOwnIntegrationSignIn({ clientId, clientSecret });
      // The host holds the secret from here on; the window forgets it.
      setClientSecret("");
      window.open(authorizeUrl, "_blank", "noopener");
      setWaiting(true);
      try {
        onConnected(await api.finishNotionSignIn(attemptId));
      } finally {
        setWaiting(false);
      }
    });
  const copy = () =>
    run(async () => {
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
        <InlineError message={error} />
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

function InternalTokenForm({
  onConnected,
  secondary,
}: {
  readonly onConnected: (connection: ConnectionSummary) => void;
  readonly secondary: boolean;
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
      onConnected(summary);
    });
  const form = (
    <form
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
        className={`button ${secondary ? "" : "button--primary"}`}
        disabled={busy || token.trim() === ""}
      >
        {busy ? "Connecting…" : "Connect with the secret"}
      </button>
      <p className="muted">The secret is stored encrypted and never shown again.</p>
    </form>
  );
  return secondary ? (
    <details className="alternative">
      <summary>Use an internal integration secret instead</summary>
      {form}
    </details>
  ) : (
    form
  );
}

interface NewDatabase {
  readonly parentPageId: string;
  readonly title: string;
}

function PickStep({
  connectionId,
  onPicked,
  onCreate,
}: {
  readonly connectionId: string;
  readonly onPicked: (candidates: readonly DatabaseCandidate[]) => void;
  readonly onCreate: (request: NewDatabase) => void;
}) {
  const { api } = useCompanion();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<readonly DatabaseCandidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlyMap<string, DatabaseCandidate>>(new Map());
  useEffect(() => {
    setResults(null);
    const timer = window.setTimeout(() => {
      api.searchDatabases(connectionId, query).then(
        (found) => {
          setResults(found);
          setError(null);
        },
        (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
      );
    }, 250);
    return () => window.clearTimeout(timer);
  }, [api, connectionId, query]);
  const toggle = (candidate: DatabaseCandidate) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(candidate.dataSourceId)) next.delete(candidate.dataSourceId);
      else next.set(candidate.dataSourceId, candidate);
      return next;
    });
  return (
    <section className="panel panel--narrow">
      <h1>Pick your links databases</h1>
      <input
        type="search"
        aria-label="Search databases"
        placeholder="Search databases shared with Linksync"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <InlineError message={error} />
      {!error && results === null && <LoadingState label="Searching Notion…" />}
      {results?.length === 0 && (
        <EmptyState icon="?" title="No database found">
          <p>Share a database with your integration in Notion (••• → Connections), then search again.</p>
        </EmptyState>
      )}
      <ul className="pick-list">
        {results?.map((candidate) => (
          <li key={candidate.dataSourceId}>
            <label>
              <input
                type="checkbox"
                checked={selected.has(candidate.dataSourceId)}
                onChange={() => toggle(candidate)}
              />
              <span>{candidate.title || "Untitled"}</span>
            </label>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button--primary"
        disabled={selected.size === 0}
        onClick={() => onPicked([...selected.values()])}
      >
        Continue with {selected.size} {selected.size === 1 ? "database" : "databases"}
      </button>
      <CreateDatabaseForm onCreate={onCreate} />
    </section>
  );
}

/** A new database with every Linksync column, under a page the user names by its link. */
function CreateDatabaseForm({ onCreate }: { readonly onCreate: (request: NewDatabase) => void }) {
  const [page, setPage] = useState("");
  const [title, setTitle] = useState("Linksync Links");
  const parentPageId = notionPageIdFrom(page);
  return (
    <details className="alternative">
      <summary>Create a new links database instead</summary>
      <label className="field">
        <span>Notion page to put it in (its link)</span>
        <input
          placeholder="https://www.notion.so/Marketing-HQ-…"
          value={page}
          onChange={(event) => setPage(event.target.value)}
        />
      </label>
      {page.trim() !== "" && !parentPageId && (
        <InlineError message="This is not a Notion page link. In Notion, use ••• → Copy link on the page." />
      )}
      <label className="field">
        <span>Database title</span>
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <button
        type="button"
        className="button"
        disabled={!parentPageId || title.trim() === ""}
        onClick={() => parentPageId && onCreate({ parentPageId, title: title.trim() })}
      >
        Continue with a new database
      </button>
    </details>
  );
}

function MapStep({
  connectionId,
  candidates,
  onMapped,
}: {
  readonly connectionId: string;
  readonly candidates: readonly DatabaseCandidate[];
  readonly onMapped: (maps: ReadonlyMap<string, Partial<FieldMap>>, createMissing: boolean) => void;
}) {
  const [reports, setReports] = useState<ReadonlyMap<string, FieldMapReport>>(new Map());
  const [overrides, setOverrides] = useState<ReadonlyMap<string, Partial<FieldMap>>>(new Map());
  const [createMissing, setCreateMissing] = useState(true);
  const blocking = [...reports.values()].some((report) => report.errors.length > 0);
  const missing = [...reports.values()].flatMap((report) => report.missing);
  const ready = reports.size === candidates.length && !blocking && (missing.length === 0 || createMissing);
  return (
    <section className="panel">
      <h1>Check the columns</h1>
      <p className="screen__intro">
        Linksync reads Title and Destination and writes its own columns. Each choice is checked as you make
        it.
      </p>
      {candidates.map((candidate) => (
        <FieldMapEditor
          key={candidate.dataSourceId}
          connectionId={connectionId}
          candidate={candidate}
          override={overrides.get(candidate.dataSourceId) ?? {}}
          onOverride={(next) => setOverrides((current) => new Map(current).set(candidate.dataSourceId, next))}
          onReport={(report) => setReports((current) => new Map(current).set(candidate.dataSourceId, report))}
        />
      ))}
      {missing.length > 0 && (
        <label className="consent">
          <input
            type="checkbox"
            checked={createMissing}
            onChange={(event) => setCreateMissing(event.target.checked)}
          />
          <span>
            <strong>Create missing columns</strong> ({[...new Set(missing)].join(", ")}). Linksync never
            renames or deletes your columns.
          </span>
        </label>
      )}
      <button
        type="button"
        className="button button--primary"
        disabled={!ready}
        onClick={() => onMapped(overrides, createMissing)}
      >
        Continue
      </button>
    </section>
  );
}

function FieldMapEditor({
  connectionId,
  candidate,
  override,
  onOverride,
  onReport,
}: {
  readonly connectionId: string;
  readonly candidate: DatabaseCandidate;
  readonly override: Partial<FieldMap>;
  readonly onOverride: (next: Partial<FieldMap>) => void;
  readonly onReport: (report: FieldMapReport) => void;
}) {
  const { api, host } = useCompanion();
  const [report, setReport] = useState<FieldMapReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `onReport` is a fresh closure each render; the inputs are the ids and the map.
  useEffect(() => {
    api.inspectDatabase(connectionId, candidate.dataSourceId, override).then(
      (next) => {
        setReport(next);
        setError(null);
        onReport(next);
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [api, connectionId, candidate.dataSourceId, override]);
  if (error) return <InlineError message={error} />;
  if (!report || !host) return <LoadingState label={`Reading ${candidate.title}…`} />;
  const roles = host.fields.filter((field) => !field.bookkeeping);
  const issuesOf = (column: string) => report.errors.filter((issue) => issue.column === column);
  return (
    <div className="field-map" data-database={candidate.title}>
      <h2>{report.title}</h2>
      <table>
        <thead>
          <tr>
            <th>Linksync field</th>
            <th>Notion column</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((field) => {
            const mapped = report.fieldMap[field.role as FieldRole];
            const problems = mapped ? issuesOf(mapped) : [];
            const isMissing = mapped !== undefined && report.missing.includes(mapped);
            return (
              <tr key={field.role} className={problems.length > 0 ? "row--bad" : ""}>
                <td>
                  <strong>{field.defaultName}</strong>
                  <small>{field.purpose}</small>
                </td>
                <td>
                  <select
                    aria-label={`Column for ${field.defaultName}`}
                    value={mapped ?? ""}
                    onChange={(event) =>
                      onOverride({ ...override, [field.role]: event.target.value || undefined })
                    }
                  >
                    {!field.required && <option value="">Not used</option>}
                    {isMissing && mapped && <option value={mapped}>{mapped} (new)</option>}
                    {report.columns.map((column) => (
                      <option key={column.name} value={column.name}>
                        {column.name} · {column.type}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {problems.map((issue) => (
                    <span key={issue.message} className="inline-error">
                      {issue.message}
                    </span>
                  ))}
                  {problems.length === 0 && isMissing && (
                    <span className="badge badge--warn">Will be created</span>
                  )}
                  {problems.length === 0 && !isMissing && mapped && (
                    <span className="badge badge--ok">OK</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.errors
        .filter((issue) => !roles.some((field) => report.fieldMap[field.role as FieldRole] === issue.column))
        .map((issue) => (
          <p key={issue.message} className="inline-error">
            {issue.message}
          </p>
        ))}
    </div>
  );
}

function ProviderStep({
  onAttach,
}: {
  readonly onAttach: (provider: ProviderChoice, api: ReturnType<typeof useCompanion>["api"]) => Promise<void>;
}) {
  const { api, host } = useCompanion();
  const [useDefault, setUseDefault] = useState(true);
  const [baseUrl, setBaseUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const { busy, error, run } = useAction();
  const hasDefault = host?.defaultProvider != null;
  const custom = !hasDefault || !useDefault;
  const provider: ProviderChoice = custom
    ? { kind: "linksync-shortener", baseUrl: baseUrl.trim(), apiKey: apiKey.trim() }
    : { kind: "host-default" };
  return (
    <section className="panel panel--narrow">
      <h1>Where should short links live?</h1>
      {hasDefault && (
        <label className="choice">
          <input type="radio" checked={useDefault} onChange={() => setUseDefault(true)} />
          <span>
            <strong>Linksync shortener</strong>
            <small>{host?.defaultProvider?.baseUrl}</small>
          </span>
        </label>
      )}
      {hasDefault && (
        <label className="choice">
          <input type="radio" checked={!useDefault} onChange={() => setUseDefault(false)} />
          <span>
            <strong>My own Linksync shortener</strong>
            <small>Your branded domain, with its API key.</small>
          </span>
        </label>
      )}
      {custom && (
        <>
          <label className="field">
            <span>Shortener address</span>
            <input
              placeholder="https://go.example.com"
              value={baseUrl}
              onChange={(event) => setBaseUrl(event.target.value)}
            />
          </label>
          <label className="field">
            <span>API key</span>
            <input
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={(event) => setApiKey(event.target.value)}
            />
          </label>
        </>
      )}
      <InlineError message={error} />
      <button
        type="button"
        className="button button--primary"
        disabled={busy || (custom && (baseUrl.trim() === "" || apiKey.trim() === ""))}
        onClick={() => run(() => onAttach(provider, api))}
      >
        {busy ? "Connecting…" : "Start creating links"}
      </button>
    </section>
  );
}

function BackfillStep({ databases }: { readonly databases: readonly DatabaseSummary[] }) {
  const { status, progress } = useCompanion();
  const current = databases.map(
    (database) => status?.databases.find((each) => each.id === database.id) ?? database,
  );
  const finished = current.every(
    (database) => database.state.kind === "synced" && !progress.has(database.id),
  );
  return (
    <section className="panel panel--narrow">
      <h1>{finished ? "All set" : "Creating short links…"}</h1>
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
