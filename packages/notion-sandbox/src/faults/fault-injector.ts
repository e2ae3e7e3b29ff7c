import { ApiError, serverErrorCodeFor } from "../errors/api-error";

export type FaultStatus = 409 | 500 | 502 | 503 | 504;

/** A standing fault on one endpoint (e.g. `"POST /v1/data_sources/{data_source_id}/query"`) or, without `endpoint`, on all. */
export interface FaultRule {
  endpoint?: string;
  /** Share of requests (0..1) that fail with `status`. */
  errorRate?: number;
  status?: FaultStatus;
  /** Added to every matching request before it is answered. */
  latencyMs?: number;
}

export interface FaultSettings {
  rules?: FaultRule[];
  /** The next `count` matching requests fail with a 5xx (default 503). */
  failNext?: { count: number; status?: FaultStatus; endpoint?: string };
  /** The next `count` matching requests answer 429 with `Retry-After` (default 1 s). */
  rateLimitNext?: { count: number; retryAfterSeconds?: number; endpoint?: string };
  /** The next `count` matching requests have their connection destroyed without an answer. */
  dropNext?: { count: number; endpoint?: string };
  /** The next `count` File Upload imports (`external_url`) end `failed`, as a download Notion could not finish. */
  failImportsNext?: { count: number };
  /** Seed for the error-rate dice, so a failing run can be replayed. */
  seed?: number;
}

export type FaultDecision =
  | { latencyMs: number; outcome: "none" | "drop" }
  | { latencyMs: number; outcome: "error"; error: ApiError };

/** Decides, per request, whether to delay, fail, rate-limit or drop it. */
export class FaultInjector {
  #settings: FaultSettings = {};
  #random: () => number = Math.random;

  set(settings: FaultSettings): void {
    this.#settings = structuredClone(settings);
    this.#random = settings.seed === undefined ? Math.random : seededRandom(settings.seed);
  }

  clear(): void {
    this.set({});
  }

  /** Whether the import just started is to fail (`failImportsNext`). */
  takeImportFailure(): boolean {
    const next = this.#settings.failImportsNext;
    if (!next || next.count <= 0) return false;
    next.count--;
    return true;
  }

  decide(endpoint: string): FaultDecision {
    const settings = this.#settings;
    const matches = (target: { endpoint?: string }) =>
      target.endpoint === undefined || target.endpoint === endpoint;
    const rules = (settings.rules ?? []).filter(matches);
    const latencyMs = rules.reduce((total, rule) => total + (rule.latencyMs ?? 0), 0);
    if (settings.dropNext && settings.dropNext.count > 0 && matches(settings.dropNext)) {
      settings.dropNext.count--;
      return { latencyMs, outcome: "drop" };
    }
    if (settings.rateLimitNext && settings.rateLimitNext.count > 0 && matches(settings.rateLimitNext)) {
      settings.rateLimitNext.count--;
      const seconds = settings.rateLimitNext.retryAfterSeconds ?? 1;
      return { latencyMs, outcome: "error", error: rateLimitedError(seconds) };
    }
    if (settings.failNext && settings.failNext.count > 0 && matches(settings.failNext)) {
      settings.failNext.count--;
      return { latencyMs, outcome: "error", error: serverError(settings.failNext.status ?? 503) };
    }
    for (const rule of rules) {
      if (rule.errorRate !== undefined && this.#random() < rule.errorRate) {
        return { latencyMs, outcome: "error", error: serverError(rule.status ?? 500) };
      }
    }
    return { latencyMs, outcome: "none" };
  }
}

export function rateLimitedError(retryAfterSeconds: number): ApiError {
  return new ApiError("rate_limited", "You have been rate limited. Please try again in a few minutes.", {
    "retry-after": String(retryAfterSeconds),
  });
}

function serverError(status: FaultStatus): ApiError {
  const code = serverErrorCodeFor(status);
  const messages: Record<string, string> = {
    conflict_error: "Conflict occurred while saving. Please try again.",
    internal_server_error: "Unexpected error occurred.",
    bad_gateway: "Notion encountered an issue while attempting to complete this request. Please try again.",
    service_unavailable: "Notion is unavailable, please try again later.",
    gateway_timeout: "Notion timed out while attempting to complete this request. Please try again later.",
  };
  return new ApiError(code, messages[code] ?? "Unexpected error occurred.");
}

/** mulberry32: tiny, good enough for reproducible dice. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
