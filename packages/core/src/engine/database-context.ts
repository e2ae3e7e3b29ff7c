import type { AuditReader, AuditWriter } from "../audit/audit-entry";
import type { Clock } from "../clock/clock";
import type { ConflictEvent, EventBus } from "../events/events";
import type { FieldMap } from "../fields/field-map";
import type { NotionGateway } from "../notion/gateway";
import type { OutboxPort } from "../outbox/outbox";
import type { LinkProvider } from "../providers/link-provider";
import type { SchedulerStatus } from "../scheduling/request-scheduler";
import type { ColumnIds } from "../schema/drift";
import type { DatabaseKey, StateStore } from "../store/state-store";
import type { CrashHook } from "./crash-points";
import type { NotionTable } from "./notion-table";

/** The part of the outbox the engine uses: record an intent, mark it sent, settle or fail it, list what is pending. */
export type IntentLog = Pick<
  OutboxPort,
  "enqueue" | "markSent" | "settle" | "fail" | "isPending" | "pending"
>;

/**
 * Everything one database's sync runs on: the ports (Notion table, link provider, state store, outbox, audit log,
 * events, clock) and the database's identity. Built once per attached database by the agent; the engine's steps
 * (backfill, cycle, clicks refresh, outside writes) are functions of it.
 */
export interface DatabaseContext {
  /** The agent's id for the database, carried by every event and audit entry. */
  readonly databaseId: string;
  readonly key: DatabaseKey;
  /** The mapped columns' names as last seen in Notion: for messages and the audit log. Follows renames. */
  readonly fieldMap: FieldMap;
  /** Property ids recorded when the field map was saved: columns are found by them, so a rename is followed. */
  readonly columnIds: ColumnIds;
  /** How requests address each mapped column: its property id where known (`columnKeys`), else its name. */
  readonly columns: FieldMap;
  /** Keeps the field map's new names after columns were renamed in Notion (ids, and so `columns`, unchanged). */
  followRenames(fieldMap: FieldMap): Promise<void>;
  readonly notion: NotionTable;
  /** The connection's gateway, for the stateless operations the engine shares with Zapier (conflict records). */
  readonly gateway: NotionGateway;
  readonly provider: LinkProvider;
  readonly store: StateStore;
  readonly outbox: IntentLog;
  /** Read too: a replayed conflict is reported only if this agent's log does not hold it yet. */
  readonly audit: AuditWriter & AuditReader;
  readonly events: EventBus;
  readonly clock: Clock;
  /** The connection scheduler's state, for "throttled" in progress events. */
  readonly schedulerStatus: () => SchedulerStatus;
  /** Rows worked on at once: enough to keep the connection's scheduler busy. */
  readonly rowsInFlight: number;
  /**
   * Keeps a conflict where the surfaces read it (the agent's inbox), awaited before the conflict is audited: the audit
   * entry is what tells a replay the conflict was reported, so nothing it stands for may still be in flight.
   */
  readonly keepConflict?: (event: ConflictEvent) => Promise<void>;
  /** Crash tests only: called between the steps of a plan's execution (see `CRASH_POINTS`). */
  readonly crashHook?: CrashHook;
  /**
   * How the QR column gets its image. `auto` (default): `import` when Notion can fetch the link's QR image itself (an
   * https short URL on a public host), else `upload` (engine/qr-method.ts). `upload` renders the PNG and uploads it
   * with the File Upload API (create + send), after the row's link (engine/qr-phase.ts); `import` has Notion import
   * the link provider's own QR image URL instead (one create per QR, its status read 100 at a time:
   * engine/qr-imports.ts), the same Notion-hosted file for about one request less, falling back to uploads when Notion
   * refuses or fails the imports; `link` attaches that URL as an external file in the link's page update, at no extra
   * request (no copy in Notion).
   */
  readonly qrImages: QrImages;
}

export type QrImages = "auto" | "upload" | "import" | "link";

export const QR_IMAGES: readonly QrImages[] = ["auto", "upload", "import", "link"];

/** The page a link was minted for, read back from its key (`mintIdempotencyKey`); `null` for links Linksync did not mint. */
export function pageIdFromLinkKey(key: string | null): string | null {
  return key?.startsWith("notion-page:") ? key.slice("notion-page:".length) : null;
}
