import type { IncomingMessage } from "node:http";
import { LruMap } from "../redirect/lru-map";

export type LimitVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterS: number };

/**
 * Counts events per client address in fixed windows (`limit` per `windowMs`); past the limit the address waits for
 * the next window. At most `maxAddresses` are tracked (least recently seen dropped), so a flood of addresses costs
 * bounded memory.
 */
export class AddressLimiter {
  private readonly windows: LruMap<string, { start: number; count: number }>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    maxAddresses = 100_000,
  ) {
    this.windows = new LruMap(maxAddresses);
  }

  /** Whether the address is over its limit now, without counting anything. */
  check(address: string): LimitVerdict {
    const window = this.current(address);
    return window.count < this.limit ? { allowed: true } : this.refusal(window.start);
  }

  /** Counts one event for the address; refused once the window's limit is used up. */
  take(address: string): LimitVerdict {
    const window = this.current(address);
    if (window.count >= this.limit) return this.refusal(window.start);
    window.count += 1;
    return { allowed: true };
  }

  private current(address: string): { start: number; count: number } {
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    return window;
  }

  private refusal(start: number): LimitVerdict {
    return {
      allowed: false,
      retryAfterS: Math.max(1, Math.ceil((start + this.windowMs - this.now()) / 1000)),
    };
  }
}

/**
 * The client's address: the socket's, or behind a reverse proxy that sets it (`trustProxy`), the last
 * X-Forwarded-For entry (the one the proxy itself appended; earlier entries are whatever the client claimed).
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers["x-forwarded-for"];
  if (trustProxy && typeof forwarded === "string" && forwarded.trim() !== "") {
    return forwarded.split(",").at(-1)!.trim();
  }
  return request.socket.remoteAddress ?? "unknown";
}
