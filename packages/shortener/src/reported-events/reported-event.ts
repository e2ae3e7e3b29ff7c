import { parseReportedEvent as parseReport, type ReportedEvent } from "@linksync/link-contract";
import { ShortenerError } from "../errors/shortener-error";

export {
  type ConflictReport,
  isReportedEventType,
  PAUSE_REASONS,
  REPORTED_EVENT_TYPES,
  type ReportedEvent,
  type ReportedEventData,
  type ReportedEventType,
  type SyncPausedReport,
} from "@linksync/link-contract";

/** Validates a `POST /api/events` body `{ type, data }` by the shared contract; a refusal is a 400 `invalid_input`. */
export function parseReportedEvent(body: unknown): ReportedEvent {
  const parsed = parseReport(body);
  if (!parsed.ok) throw new ShortenerError("invalid_input", parsed.message);
  return parsed.event;
}
