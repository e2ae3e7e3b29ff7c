import type { ClickTally } from "../store/store";

export const CLICK_WINDOW_MS = 60_000;

export interface ClosedClickWindow {
  readonly linkId: string;
  readonly clicks: number;
  readonly windowStart: number;
  readonly lastClickAt: string;
}

interface OpenWindow {
  clicks: number;
  readonly windowStart: number;
  lastClickAt: string;
}

/**
 * Sums click batches per link and per clock minute, so a busy link makes one `link.clicked` a minute rather than
 * one per click. A window closes once its minute, and a short grace for batches still being written, are over.
 * Open windows live in memory: a hard kill loses at most the current minute's events (never the counts
 * themselves, which the link store keeps).
 */
export class ClickWindows {
  private readonly open = new Map<string, OpenWindow>();

  /** `lateBatchGraceMs`: how long after its minute a window waits for the click batches still being written. */
  constructor(private readonly lateBatchGraceMs: number) {}

  /** A batch counts in the minute of its latest click, so a batch written late still lands in its own minute. */
  add(batch: ReadonlyMap<string, ClickTally>): ClosedClickWindow[] {
    const closed: ClosedClickWindow[] = [];
    for (const [linkId, tally] of batch) {
      if (tally.count === 0 || tally.lastClickAt === null) continue;
      const clickedAt = Date.parse(tally.lastClickAt);
      const windowStart = clickedAt - (clickedAt % CLICK_WINDOW_MS);
      const current = this.open.get(linkId);
      if (current && current.windowStart === windowStart) {
        current.clicks += tally.count;
        if (tally.lastClickAt > current.lastClickAt) current.lastClickAt = tally.lastClickAt;
        continue;
      }
      if (current) closed.push({ linkId, ...current });
      this.open.set(linkId, { clicks: tally.count, windowStart, lastClickAt: tally.lastClickAt });
    }
    return closed;
  }

  /** Windows whose minute is over at `nowMs`; with `all`, every open window (on close). */
  close(nowMs: number, all = false): ClosedClickWindow[] {
    const closed: ClosedClickWindow[] = [];
    for (const [linkId, window] of this.open) {
      if (!all && window.windowStart + CLICK_WINDOW_MS + this.lateBatchGraceMs > nowMs) continue;
      closed.push({ linkId, ...window });
      this.open.delete(linkId);
    }
    return closed;
  }
}
