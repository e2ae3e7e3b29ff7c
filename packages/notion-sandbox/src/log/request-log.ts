export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  /** The route pattern, e.g. `GET /v1/pages/{page_id}`; `unmatched` for unknown URLs. */
  endpoint: string;
  /** 0 when the connection was dropped on purpose. */
  status: number;
  /** A non-secret token id (see `IssuedToken.tokenId`); null when no valid token was sent. */
  tokenId: string | null;
  durationMs: number;
  requestId: string;
  /** The request's `filter_properties` (ids or names), so a test can prove every read asked only for its columns. */
  filterProperties: string[];
}

export interface RequestLogSummary {
  total: number;
  byEndpoint: Record<string, number>;
  byToken: Record<string, number>;
  byStatus: Record<string, number>;
  entries: RequestLogEntry[];
}

/** Keeps the newest entries only, so a long benchmark cannot exhaust memory; counts stay exact. */
const MAX_ENTRIES = 20_000;

export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #total = 0;
  #byEndpoint = new Map<string, number>();
  #byToken = new Map<string, number>();
  #byStatus = new Map<string, number>();

  record(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries.splice(0, this.#entries.length - MAX_ENTRIES);
    this.#total++;
    increment(this.#byEndpoint, entry.endpoint);
    increment(this.#byToken, entry.tokenId ?? "none");
    increment(this.#byStatus, String(entry.status));
  }

  summary(): RequestLogSummary {
    return {
      total: this.#total,
      byEndpoint: Object.fromEntries(this.#byEndpoint),
      byToken: Object.fromEntries(this.#byToken),
      byStatus: Object.fromEntries(this.#byStatus),
      entries: [...this.#entries],
    };
  }

  reset(): void {
    this.#entries = [];
    this.#total = 0;
    this.#byEndpoint.clear();
    this.#byToken.clear();
    this.#byStatus.clear();
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
