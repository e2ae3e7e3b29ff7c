// Public entry point of @linksync/link-contract: what the engine and the shortener must agree on byte for byte.
export {
  checkDestinationRules,
  type DestinationProblemCode,
  type DestinationVerdict,
  MAX_DESTINATION_LENGTH,
  sameDestination,
  UNSAFE_SCHEMES,
} from "./destination-rules";
export { type ErrorSubject, isLinksyncError, LinksyncError } from "./linksync-error";
export {
  type ConflictReport,
  exampleConflictReport,
  isReportedEventType,
  PAUSE_REASONS,
  type ParsedReport,
  type PauseReason,
  parseReportedEvent,
  REPORTED_EVENT_TYPES,
  type ReportedEvent,
  type ReportedEventData,
  type ReportedEventType,
  type SyncPausedReport,
} from "./reported-events";
export {
  subscriptionView,
  type WebhookEnvelope,
  type WebhookSubscriptionView,
} from "./webhook-subscription";
