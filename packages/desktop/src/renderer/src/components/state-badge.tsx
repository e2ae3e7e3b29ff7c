import type { DatabaseState } from "@linksync/core";
import { stateLabel } from "../../../shared/database-state-label";

const TONE: Readonly<Record<DatabaseState["kind"], string>> = {
  idle: "neutral",
  syncing: "busy",
  synced: "ok",
  throttled: "warn",
  offline: "muted",
  paused: "warn",
  error: "bad",
};

export function StateBadge({ state }: { readonly state: DatabaseState }) {
  return (
    <span className={`badge badge--${TONE[state.kind]}`} data-state={state.kind}>
      <span className="badge__dot" aria-hidden="true" />
      {stateLabel(state)}
    </span>
  );
}
