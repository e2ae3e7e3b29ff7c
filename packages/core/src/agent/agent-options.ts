import type { WebhookRetryPolicy } from "@linksync/webhook-protocol";
import type { Clock } from "../clock/clock";
import type { CrashHook } from "../engine/crash-points";
import type { LinkProvider } from "../providers/link-provider";
import type { SchedulerTuning } from "../scheduling/request-scheduler";
import type { ProviderConfig } from "./agent-api";

export interface CreateAgentOptions {
  /** Where the agent keeps its state, outbox, audit log, conflicts inbox and encrypted secrets. */
  readonly dataDir: string;
  /** 32 bytes that encrypt tokens and API keys at rest (desktop: from safeStorage; headless: a 0600 key file). */
  readonly secretKey: Uint8Array;
  /**
   * Drives schedules, watermarks and timestamps (a fake clock runs the poll loop in tests). Request pacing and
   * back-off always run on real time: they pace real network calls.
   */
  readonly clock?: Clock;
  /** Builds a database's link provider; default: the Linksync shortener adapter. */
  readonly providerFactory?: (config: ProviderConfig) => LinkProvider;
  /**
   * The `Notion-Version` every connection sends; default the gateway's pinned `NOTION_VERSION`. Tests name a newer
   * one to prove the engine under it before the pin moves (docs/notion-version.md).
   */
  readonly notionVersion?: string;
  /** Scheduler tuning for every connection (tests shorten the give-up time of an offline request). */
  readonly scheduler?: SchedulerTuning;
  readonly clicksIntervalMs?: number;
  /** Rows worked on at once per database; default scales with the connection's rate. */
  readonly rowsInFlight?: number;
  readonly overlapMs?: number;
  /** Retries and auto-pause of the outgoing webhooks (tests shorten them). */
  readonly webhookPolicy?: WebhookRetryPolicy;
  /** A failure of the outgoing webhooks' own bookkeeping (their file could not be written); default: stderr. */
  readonly onWebhookError?: (error: unknown) => void;
  /** Crash tests only: called at each named point of plan execution, where the test's process kills itself. */
  readonly crashHook?: CrashHook;
}
