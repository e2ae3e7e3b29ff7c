import { randomBytes } from "node:crypto";

interface Entry<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/**
 * Short-lived, single-use codes held in memory (OAuth codes, consent tickets): a restart simply makes the user
 * start over. Taking a code removes it whatever happens next, so a code can never be tried twice.
 */
export class OneTimeCodes<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly capacity = 10_000,
  ) {}

  issue(value: T, prefix = ""): string {
    this.sweep();
    if (this.entries.size >= this.capacity) {
      // Flooding must not grow memory without bound: the oldest unfinished sign-ins give way.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const code = `${prefix}${randomBytes(32).toString("base64url")}`;
    this.entries.set(code, { value, expiresAt: this.now() + this.ttlMs });
    return code;
  }

  /** The value once; null for an unknown, used or expired code. */
  take(code: string): T | null {
    const entry = this.entries.get(code);
    if (!entry) return null;
    this.entries.delete(code);
    return entry.expiresAt > this.now() ? entry.value : null;
  }

  private sweep(): void {
    const now = this.now();
    for (const [code, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(code);
    }
  }
}
