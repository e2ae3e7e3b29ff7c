import type { DatabaseState, DatabaseSummary, OfflineCause } from "@linksync/core";

/** The words for a database's state, shared by the tray menu and the dashboard. Pure. */
export function stateLabel(state: DatabaseState): string {
  switch (state.kind) {
    case "idle":
      return "Waiting for first sync";
    case "syncing": {
      const links =
        state.total > 0
          ? `${phaseLabel(state.phase)} ${count(state.done)} of ${count(state.total)}`
          : `${phaseLabel(state.phase)}…`;
      // A backfill writes every link first; the QR codes follow at a lower priority, so they get a count of their own.
      return state.qr && state.qr.total > 0
        ? `${links} · QR codes ${count(state.qr.done)} of ${count(state.qr.total)}`
        : links;
    }
    case "synced":
      return "Synced";
    case "throttled":
      return "Throttled by Notion, resuming";
    case "offline":
      return `${waitLabel(state.cause)}, ${state.pending} ${state.pending === 1 ? "change" : "changes"} waiting`;
    case "paused":
      return state.reason === "user" ? "Paused" : `Paused: ${state.message}`;
    case "error":
      return `Error: ${state.message}`;
  }
}

/**
 * Why a database waits, in a few words: which service and how it stopped the run ("Offline" alone would hide a
 * shortener that answers but refuses). The service's own sentence is shown beside it on the dashboard.
 */
export function waitLabel(cause: OfflineCause): string {
  const service = cause.service === "notion" ? "Notion" : "The shortener";
  switch (cause.code) {
    case "offline":
      return cause.service === "notion"
        ? "Offline: Notion cannot be reached"
        : "The shortener cannot be reached";
    case "rate_limited":
      return `${service} is limiting requests`;
    case "unavailable":
      return `${service} is failing`;
    case "conflict":
      return "Notion reports conflicting edits";
    default:
      return `${service} refused (${cause.code})`;
  }
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

type SyncPhase = Extract<DatabaseState, { kind: "syncing" }>["phase"];

const PHASE_LABELS: Readonly<Record<SyncPhase, string>> = {
  backfill: "Creating links",
  cycle: "Syncing",
  clicks: "Refreshing clicks",
  import: "Importing",
};

function phaseLabel(phase: SyncPhase): string {
  return PHASE_LABELS[phase];
}

/** "just now", "3 min ago", "in 4 min", "2 h ago": for last and next sync times. */
export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return "never";
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const magnitude = Math.abs(seconds);
  if (magnitude < 45) return seconds <= 0 ? "just now" : "in a moment";
  const [value, unit] =
    magnitude < 3600
      ? [Math.round(magnitude / 60), "min"]
      : magnitude < 86_400
        ? [Math.round(magnitude / 3600), "h"]
        : [Math.round(magnitude / 86_400), "d"];
  return seconds < 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`;
}

export function databaseLine(database: DatabaseSummary, now: number): string {
  const when = database.state.kind === "synced" ? ` · ${relativeTime(database.lastSyncAt, now)}` : "";
  return `${database.title}: ${stateLabel(database.state)}${when}`;
}
