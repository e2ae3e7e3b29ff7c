import type { ClickTally } from "../store/store";

export interface ClickSink {
  addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void>;
}

/**
 * Links per write: a flush of many links is written in statements of this many, so no single write holds the
 * database long and a cold lookup waiting for it (PGlite has one session) is answered in between.
 */
export const FLUSH_CHUNK_LINKS = 500;

interface PendingTally {
  count: number;
  lastClickAtMs: number;
}

/**
 * Counts redirects in memory and hands them to the store in batches, so a redirect costs a map update instead of a
 * disk write. Durability window: clicks of the last `flushIntervalMs` are lost if the process is killed hard; a
 * `flush()` or `close()` (SIGINT/SIGTERM in the bin) loses none. A failed write keeps what was not written for the
 * next flush.
 */
export class ClickCounter {
  private pending = new Map<string, PendingTally>();
  /** Wall-clock ms of the first click recorded since the last handed-off batch; null when none is pending. */
  private pendingSinceMs: number | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** True while a batch is on its way to the store (in neither place, as far as a reader can tell). */
  private writing = false;
  private readers = 0;
  private readersGone: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: ClickSink,
    flushIntervalMs: number,
    private readonly onFlushError: (error: unknown) => void,
    /** Told how long each batch write took (seconds), for the metrics. */
    private readonly onFlushed: (seconds: number) => void = () => undefined,
  ) {
    this.timer = setInterval(() => this.flush().catch(this.onFlushError), flushIntervalMs);
    this.timer.unref();
  }

  record(linkId: string, atMs: number): void {
    this.pendingSinceMs ??= Date.now();
    const tally = this.pending.get(linkId);
    if (tally) {
      tally.count += 1;
      tally.lastClickAtMs = atMs;
    } else {
      this.pending.set(linkId, { count: 1, lastClickAtMs: atMs });
    }
  }

  /**
   * Runs `read` (a read of the stored totals) while no batch moves to the store, and gives it the clicks not yet
   * handed over: stored + unflushed is then every click, exactly once. A batch being written is waited for first;
   * a flush due during the read waits for it (reads are one indexed query).
   */
  async whileSettled<T>(
    read: (unflushed: (linkId: string) => ClickTally | undefined) => Promise<T>,
  ): Promise<T> {
    while (this.writing) await this.flushing.catch(() => undefined);
    this.readers += 1;
    try {
      return await read((linkId) => {
        const tally = this.pending.get(linkId);
        return tally && toClickTally(tally);
      });
    } finally {
      this.readers -= 1;
      if (this.readers === 0) for (const resume of this.readersGone.splice(0)) resume();
    }
  }

  /** When the oldest click not yet written was counted (the flush lag), or null. */
  pendingSince(): number | null {
    return this.pendingSinceMs;
  }

  /** Writes every recorded click; flushes never overlap, so batches reach the store in order. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.writeBatch());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeBatch(): Promise<void> {
    while (this.readers > 0) await new Promise<void>((resume) => this.readersGone.push(resume));
    if (this.pending.size === 0) return;
    this.writing = true;
    const batch = [...this.pending];
    const since = this.pendingSinceMs;
    this.pending = new Map();
    this.pendingSinceMs = null;
    const started = performance.now();
    let written = 0;
    try {
      while (written < batch.length) {
        const chunk = batch.slice(written, written + FLUSH_CHUNK_LINKS);
        await this.sink.addClicks(new Map(chunk.map(([id, tally]) => [id, toClickTally(tally)])));
        written += chunk.length;
      }
      this.onFlushed((performance.now() - started) / 1000);
    } catch (error) {
      this.pendingSinceMs = since;
      for (const [id, tally] of batch.slice(written)) {
        const later = this.pending.get(id);
        this.pending.set(id, {
          count: tally.count + (later?.count ?? 0),
          lastClickAtMs: Math.max(tally.lastClickAtMs, later?.lastClickAtMs ?? 0),
        });
      }
      throw error;
    } finally {
      this.writing = false;
    }
  }
}

function toClickTally(tally: PendingTally): ClickTally {
  return { count: tally.count, lastClickAt: new Date(tally.lastClickAtMs).toISOString() };
}
