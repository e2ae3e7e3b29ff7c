import type { ConflictReport, SyncPausedReport } from "@linksync/link-contract";
import type { ChangeSource } from "../providers/link-provider";

/**
 * Every event Linksync emits, declared once. Desktop, CLI, webhooks and Zapier subscribe to these payloads;
 * none of them carries a secret.
 */

export type { PauseReason } from "@linksync/link-contract";

/**
 * A Destination edited on both sides at once; Notion's value was kept. The shape the shortener receives too
 * (`ConflictReport`), with the source typed.
 */
export interface ConflictEvent extends Omit<ConflictReport, "droppedSource"> {
  readonly droppedSource: ChangeSource;
}

export interface LinksyncEvents {
  "link.created": {
    readonly databaseId: string;
    readonly pageId: string;
    readonly title: string;
    readonly linkId: string;
    readonly shortUrl: string;
    readonly destination: string;
    readonly at: string;
  };
  "link.updated": {
    readonly databaseId: string;
    readonly pageId: string;
    readonly linkId: string;
    readonly field: "destination" | "tags" | "shortUrl" | "clicks" | "qr";
    readonly from: string;
    readonly to: string;
    readonly source: ChangeSource | "notion";
    readonly at: string;
  };
  conflict: ConflictEvent;
  "sync.progress": {
    readonly databaseId: string;
    /** `import`: a CSV import (`Agent.importCsv`) creating rows. */
    readonly phase: "backfill" | "cycle" | "clicks" | "import";
    readonly done: number;
    readonly total: number;
    readonly ratePerSecond: number;
    readonly etaSeconds: number | null;
    readonly throttled: boolean;
    /**
     * Backfill only: the QR codes that follow the links (`done`/`total` above count links). While links are still
     * being written, `qr.ratePerSecond` is 0 and its ETA is estimated from the links' rate.
     */
    readonly qr?: {
      readonly done: number;
      readonly total: number;
      readonly ratePerSecond: number;
      readonly etaSeconds: number | null;
      /**
       * How they get into Notion: `import` (Notion fetches the shortener's PNG: about 2 requests each) or `upload`
       * (about 3). Absent under `qrImages: link`. May turn to `upload` mid-run when Notion cannot import them.
       */
      readonly method?: "upload" | "import";
    };
  };
  "sync.completed": {
    readonly databaseId: string;
    readonly phase: "backfill" | "cycle" | "clicks";
    readonly created: number;
    readonly updated: number;
    readonly conflicts: number;
    readonly failed: number;
    readonly requests: number;
    readonly durationMs: number;
    readonly at: string;
  };
  "sync.paused": SyncPausedReport;
  "sync.resumed": { readonly databaseId: string; readonly at: string };
  "sync.throttled": { readonly connectionId: string; readonly retryAfterMs: number; readonly at: string };
  "sync.offline": { readonly connectionId: string; readonly pending: number; readonly at: string };
  "sync.online": { readonly connectionId: string; readonly at: string };
  "row.failed": {
    readonly databaseId: string;
    readonly pageId: string;
    readonly title: string;
    readonly code: string;
    readonly message: string;
    readonly at: string;
  };
  "connection.revoked": { readonly connectionId: string; readonly at: string };
}

export type LinksyncEventName = keyof LinksyncEvents;

export const EVENT_NAMES = [
  "link.created",
  "link.updated",
  "conflict",
  "sync.progress",
  "sync.completed",
  "sync.paused",
  "sync.resumed",
  "sync.throttled",
  "sync.offline",
  "sync.online",
  "row.failed",
  "connection.revoked",
] as const satisfies readonly LinksyncEventName[];

export type LinksyncEvent = {
  [K in LinksyncEventName]: { readonly type: K; readonly payload: LinksyncEvents[K] };
}[LinksyncEventName];

type Listener<K extends LinksyncEventName> = (payload: LinksyncEvents[K]) => void;
type AnyListener = (event: LinksyncEvent) => void;

/** A small synchronous, typed event bus. A throwing listener is isolated: it never breaks the emitter or others. */
export class EventBus {
  private readonly listeners = new Map<LinksyncEventName, Set<Listener<LinksyncEventName>>>();
  private readonly anyListeners = new Set<AnyListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<K extends LinksyncEventName>(name: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as Listener<LinksyncEventName>);
    this.listeners.set(name, set);
    return () => set.delete(listener as Listener<LinksyncEventName>);
  }

  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<K extends LinksyncEventName>(name: K, payload: LinksyncEvents[K]): void {
    for (const listener of this.listeners.get(name) ?? []) this.call(() => listener(payload));
    const event = { type: name, payload } as LinksyncEvent;
    for (const listener of this.anyListeners) this.call(() => listener(event));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
