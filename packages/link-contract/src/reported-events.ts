/**
 * Events a Linksync agent (desktop, CLI, the Zapier app's actions) reports to its link provider, so that the
 * shortener, the one hub Zapier can reach, fans them out to webhook subscribers. Declared once: the engine's
 * `ConflictEvent` and `sync.paused` payload are these shapes, and the shortener parses reports with
 * `parseReportedEvent`.
 */
export interface ConflictReport {
  /** Deterministic per conflict (`c_` and 12 hex digits), so the same conflict reported twice is one event. */
  readonly conflictId: string;
  /** The Notion data source the row belongs to. */
  readonly databaseId: string;
  readonly pageId: string;
  readonly pageUrl: string;
  readonly title: string;
  readonly linkId: string;
  readonly field: "destination";
  readonly kept: string;
  readonly dropped: string;
  readonly droppedSource: string;
  readonly winner: "notion";
  /** ISO-8601 UTC. */
  readonly at: string;
}

/**
 * A conflict report as the engine sends it, with `change` applied: the one example behind documentation samples and
 * the tests on both sides (the engine reporting, the shortener receiving).
 */
export function exampleConflictReport(change: Partial<ConflictReport> = {}): ConflictReport {
  return {
    conflictId: "c_3f9a1b2c4d5e",
    databaseId: "2f1c0a52-0000-4a55-9a3e-5b0c8f1e7d21",
    pageId: "2f1c0a52-9a8e-4a55-9a3e-5b0c8f1e7d21",
    pageUrl: "https://www.notion.so/Spring-sale-2f1c0a529a8e4a559a3e5b0c8f1e7d21",
    title: "Spring sale",
    linkId: "lnk_7Kp2x9",
    field: "destination",
    kept: "https://shop.example.com/spring",
    dropped: "https://shop.example.com/spring-old",
    droppedSource: "zapier",
    winner: "notion",
    at: "2026-03-01T14:02:30.000Z",
    ...change,
  };
}

export const PAUSE_REASONS = ["user", "schema_drift", "revoked", "error"] as const;

/** Why a database is paused: asked by the user, a mapped column drifted, the token was revoked, or an error. */
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface SyncPausedReport {
  readonly databaseId: string;
  readonly reason: PauseReason;
  readonly message: string;
  /** ISO-8601 UTC. */
  readonly at: string;
}

export interface ReportedEventData {
  readonly conflict: ConflictReport;
  readonly "sync.paused": SyncPausedReport;
}

export type ReportedEventType = keyof ReportedEventData;
export const REPORTED_EVENT_TYPES = [
  "conflict",
  "sync.paused",
] as const satisfies readonly ReportedEventType[];

export type ReportedEvent = {
  [Type in ReportedEventType]: {
    readonly type: Type;
    readonly data: ReportedEventData[Type];
    /** Two reports with the same key are the same event: a conflict by its id, a pause by database and time. */
    readonly key: string;
  };
}[ReportedEventType];

const MAX_ID_LENGTH = 256;
const MAX_TEXT_LENGTH = 2048;
const MAX_MESSAGE_LENGTH = 4096;

export type ParsedReport =
  | { readonly ok: true; readonly event: ReportedEvent }
  /** `message` names the field and what it must be. */
  | { readonly ok: false; readonly message: string };

/**
 * Validates a reported event `{ type, data }` as the shortener's `POST /api/events` receives it; unknown fields are
 * refused. A refusal is an answer (`ok: false`), not an exception.
 */
export function parseReportedEvent(body: unknown): ParsedReport {
  try {
    return { ok: true, event: parseOrThrow(body) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}

function parseOrThrow(body: unknown): ReportedEvent {
  const { type, data } = objectWithOnly(body, ["type", "data"]);
  if (type === "conflict") {
    const conflict = parseConflict(data);
    return { type, data: conflict, key: `conflict:${conflict.conflictId}` };
  }
  if (type === "sync.paused") {
    const paused = parseSyncPaused(data);
    return { type, data: paused, key: `sync.paused:${paused.databaseId}:${paused.at}` };
  }
  throw invalid(`type must be one of ${REPORTED_EVENT_TYPES.join(", ")} (got ${JSON.stringify(type)}).`);
}

export function isReportedEventType(value: string): value is ReportedEventType {
  return (REPORTED_EVENT_TYPES as readonly string[]).includes(value);
}

function parseConflict(value: unknown): ConflictReport {
  const data = objectWithOnly(value, [
    "conflictId",
    "databaseId",
    "pageId",
    "pageUrl",
    "title",
    "linkId",
    "field",
    "kept",
    "dropped",
    "droppedSource",
    "winner",
    "at",
  ]);
  const conflictId = text(data.conflictId, "data.conflictId", MAX_ID_LENGTH);
  if (!/^c_[0-9a-f]{12}$/.test(conflictId)) {
    throw invalid("data.conflictId must be a conflict ref such as c_3f9a1b2c4d5e.");
  }
  if (data.field !== "destination") throw invalid('data.field must be "destination".');
  if (data.winner !== "notion") throw invalid('data.winner must be "notion".');
  const droppedSource = text(data.droppedSource, "data.droppedSource", MAX_ID_LENGTH);
  if (!/^[a-z0-9-]+$/.test(droppedSource)) {
    throw invalid("data.droppedSource must be a source name such as zapier or shortener-ui.");
  }
  return {
    conflictId,
    databaseId: text(data.databaseId, "data.databaseId", MAX_ID_LENGTH),
    pageId: text(data.pageId, "data.pageId", MAX_ID_LENGTH),
    pageUrl: httpUrl(data.pageUrl, "data.pageUrl"),
    title: text(data.title, "data.title", MAX_TEXT_LENGTH, { allowEmpty: true }),
    linkId: text(data.linkId, "data.linkId", MAX_ID_LENGTH, { allowEmpty: true }),
    field: "destination",
    kept: text(data.kept, "data.kept", MAX_TEXT_LENGTH),
    dropped: text(data.dropped, "data.dropped", MAX_TEXT_LENGTH),
    droppedSource,
    winner: "notion",
    at: instant(data.at, "data.at"),
  };
}

function parseSyncPaused(value: unknown): SyncPausedReport {
  const data = objectWithOnly(value, ["databaseId", "reason", "message", "at"]);
  const reason = PAUSE_REASONS.find((known) => known === data.reason);
  if (reason === undefined) throw invalid(`data.reason must be one of ${PAUSE_REASONS.join(", ")}.`);
  return {
    databaseId: text(data.databaseId, "data.databaseId", MAX_ID_LENGTH),
    reason,
    message: text(data.message, "data.message", MAX_MESSAGE_LENGTH),
    at: instant(data.at, "data.at"),
  };
}

function text(value: unknown, field: string, maxLength: number, options = { allowEmpty: false }): string {
  if (typeof value !== "string" || value.length > maxLength || (value === "" && !options.allowEmpty)) {
    const empty = options.allowEmpty ? "" : "non-empty ";
    throw invalid(`${field} must be a ${empty}string of at most ${maxLength} characters.`);
  }
  return value;
}

function httpUrl(value: unknown, field: string): string {
  const url = text(value, field, MAX_TEXT_LENGTH);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw invalid(`${field} must be an http(s) URL.`);
  return url;
}

/** ISO-8601 in UTC as core writes it (`2026-03-01T14:02:30.000Z`), so stored events sort and compare as text. */
function instant(value: unknown, field: string): string {
  const at = text(value, field, 64);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(at) || Number.isNaN(Date.parse(at))) {
    throw invalid(`${field} must be an ISO-8601 UTC time such as 2026-03-01T14:02:30.000Z.`);
  }
  return at;
}

/** Unwinds the parser to `parseReportedEvent`, which turns it into `{ ok: false }`. */
class Refusal extends Error {}

function invalid(message: string): Refusal {
  return new Refusal(message);
}

function objectWithOnly(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid("The request body must be a JSON object.");
  }
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw invalid(`Unknown field "${unknown}"; allowed fields are ${allowed.join(", ")}.`);
  }
  return body as Record<string, unknown>;
}
