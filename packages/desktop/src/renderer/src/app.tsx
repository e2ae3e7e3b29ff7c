import { useEffect, useState } from "react";
import type { LinksyncBridge } from "../../shared/contract";
import { ErrorState, LoadingState } from "./components/state-views";
import { Activity } from "./screens/activity";
import { Dashboard } from "./screens/dashboard";
import { EditDatabase } from "./screens/edit-database";
import { Import } from "./screens/import";
import { Inbox } from "./screens/inbox";
import { Onboarding } from "./screens/onboarding/onboarding";
import { Settings } from "./screens/settings";
import { CompanionContext, useCompanionState } from "./state/companion-context";
import { useFocusHeadingOnChange } from "./state/use-focus-heading";

const ROUTES = {
  dashboard: { label: "Dashboard", icon: "◧", Screen: Dashboard },
  inbox: { label: "Inbox", icon: "✉", Screen: Inbox },
  activity: { label: "Activity", icon: "≡", Screen: Activity },
  import: { label: "Import", icon: "⇪", Screen: Import },
  settings: { label: "Settings", icon: "⚙", Screen: Settings },
  onboarding: { label: "Connect", icon: "+", Screen: Onboarding },
} as const;
type Route = keyof typeof ROUTES;
/** A screen reached from another one (not in the sidebar): `#/edit/<database id>`. */
type Location = { readonly route: Route } | { readonly route: "edit"; readonly databaseId: string };

function routeOf(hash: string): Location | null {
  const name = hash.replace(/^#\/?/, "");
  if (name.startsWith("edit/")) return { route: "edit", databaseId: decodeURIComponent(name.slice(5)) };
  return name in ROUTES ? { route: name as Route } : null;
}

function useHashRoute(): Location | null {
  const [route, setRoute] = useState(() => routeOf(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export function App({ bridge }: { readonly bridge: LinksyncBridge }) {
  const state = useCompanionState(bridge);
  const location = useHashRoute();
  const { status, loadError } = state;
  const firstRun = status !== null && status.databases.length === 0;
  // First run lands on onboarding, pinned in the address so attaching a database does not swap the screen mid-flow.
  useEffect(() => {
    if (!location && firstRun) window.location.replace("#/onboarding");
  }, [location, firstRun]);
  const editing = location?.route === "edit" ? location.databaseId : null;
  // An edit screen belongs to the dashboard in the sidebar.
  const route: Route =
    location && location.route !== "edit"
      ? location.route
      : editing
        ? "dashboard"
        : firstRun
          ? "onboarding"
          : "dashboard";
  const { Screen, label } = ROUTES[route];
  const editedTitle = status?.databases.find((database) => database.id === editing)?.title;
  const title = editing ? `Edit ${editedTitle ?? "database"}` : label;
  useEffect(() => {
    document.title = `${title} · Linksync`;
  }, [title]);
  const content = useFocusHeadingOnChange<HTMLElement>(editing ?? route);
  const disconnected = status?.connections.filter((connection) => connection.state === "revoked") ?? [];
  return (
    <CompanionContext.Provider value={state}>
      <div className="shell" data-route={route}>
        <nav className="sidebar" aria-label="Linksync">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Linksync
          </div>
          {(Object.keys(ROUTES) as Route[]).map((name) => (
            <a
              key={name}
              href={`#/${name}`}
              className={`nav-link ${name === route ? "nav-link--active" : ""}`}
              aria-current={name === route ? "page" : undefined}
            >
              <span className="nav-link__icon" aria-hidden="true">
                {ROUTES[name].icon}
              </span>
              {ROUTES[name].label}
              {name === "inbox" && status && status.unreadConflicts > 0 && (
                <span className="nav-badge" data-testid="nav-unread">
                  {status.unreadConflicts}
                </span>
              )}
            </a>
          ))}
          <div className="sidebar__footer">
            {status && (
              <span className="muted">
                {status.pendingWrites > 0 ? `${status.pendingWrites} changes waiting` : "All changes sent"}
              </span>
            )}
          </div>
        </nav>
        <main className="content" ref={content}>
          {disconnected.map((connection) => (
            <div
              key={connection.id}
              className="banner banner--bad"
              role="alert"
              data-testid="disconnected-banner"
            >
              <span>
                <strong>{connection.workspaceName || connection.label}</strong> is disconnected: Notion no
                longer accepts its token, so syncing stopped.
              </span>
              <a className="button button--primary" href="#/onboarding">
                Reconnect
              </a>
            </div>
          ))}
          {loadError && status && (
            <div className="banner banner--warn" role="status" data-testid="host-unreachable">
              <span>
                <strong>Linksync is not answering.</strong> What you see may be out of date; trying again
                every few seconds.
              </span>
            </div>
          )}
          {loadError && !status ? (
            <ErrorState message={`Linksync is not answering: ${loadError}`} onRetry={state.refresh} />
          ) : !status ? (
            <LoadingState label="Starting Linksync…" />
          ) : editing ? (
            <EditDatabase databaseId={editing} />
          ) : (
            <Screen />
          )}
        </main>
      </div>
    </CompanionContext.Provider>
  );
}
