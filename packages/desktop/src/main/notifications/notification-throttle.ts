import type { Clock } from "@linksync/core";
import { mergeNotices, type Notice } from "./notice";

export interface ThrottleOptions {
  readonly clock: Clock;
  readonly show: (notice: Notice) => void;
  /** Notices arriving this close together are merged. */
  readonly gatherMs?: number;
  /** At most one notification per this interval; what arrives meanwhile is merged into the next. */
  readonly minIntervalMs?: number;
  readonly enabled?: () => boolean;
}

/** Rate-limits desktop notifications so a storm of conflicts or pauses makes one notification, not fifty. */
export class NotificationThrottle {
  private pending: Notice[] = [];
  private scheduled = false;
  private lastShownAt = Number.NEGATIVE_INFINITY;
  private readonly gatherMs: number;
  private readonly minIntervalMs: number;

  constructor(private readonly options: ThrottleOptions) {
    this.gatherMs = options.gatherMs ?? 2_000;
    this.minIntervalMs = options.minIntervalMs ?? 60_000;
  }

  push(notice: Notice): void {
    if (this.options.enabled && !this.options.enabled()) return;
    this.pending.push(notice);
    if (this.scheduled) return;
    this.scheduled = true;
    const now = this.options.clock.now();
    const at = Math.max(now + this.gatherMs, this.lastShownAt + this.minIntervalMs);
    void this.options.clock.sleep(at - now).then(() => this.flush());
  }

  private flush(): void {
    const merged = mergeNotices(this.pending);
    this.pending = [];
    this.scheduled = false;
    if (!merged) return;
    this.lastShownAt = this.options.clock.now();
    this.options.show(merged);
  }
}
