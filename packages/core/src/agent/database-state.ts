import type { LinksyncEvents, PauseReason } from "../events/events";
import type { DatabaseState } from "./agent-api";

/** Everything that moves a database's status; `nextDatabaseState` is the only place that decides the result. */
export type DatabaseSignal =
  | { readonly type: "progress"; readonly progress: LinksyncEvents["sync.progress"] }
  | { readonly type: "run_started" }
  /** A run ended; its report already says which state it leaves (synced, offline or paused). */
  | { readonly type: "run_ended"; readonly state: DatabaseState }
  | { readonly type: "failed"; readonly message: string }
  | { readonly type: "paused"; readonly reason: PauseReason; readonly message: string }
  | { readonly type: "resumed" }
  /** A schema check verified: a database shown as paused is not paused any more. */
  | { readonly type: "schema_verified" }
  /** A CSV import ended: its progress made the database "syncing"; it goes back to what it was before. */
  | { readonly type: "import_ended"; readonly before: DatabaseState };

export function nextDatabaseState(state: DatabaseState, signal: DatabaseSignal): DatabaseState {
  switch (signal.type) {
    case "progress": {
      const { phase, done, total, etaSeconds, qr } = signal.progress;
      return {
        kind: "syncing",
        phase,
        done,
        total,
        etaSeconds,
        ...(qr ? { qr: { done: qr.done, total: qr.total, etaSeconds: qr.etaSeconds } } : {}),
      };
    }
    case "run_started":
      return { kind: "syncing", phase: "cycle", done: 0, total: 0, etaSeconds: null };
    case "run_ended":
      return signal.state;
    case "failed":
      return { kind: "error", message: signal.message };
    case "paused":
      return { kind: "paused", reason: signal.reason, message: signal.message };
    case "resumed":
    case "schema_verified":
      return state.kind === "paused" ? { kind: "idle" } : state;
    case "import_ended":
      return state.kind === "syncing" && state.phase === "import" ? signal.before : state;
  }
}
