/**
 * Progress of a long phase (backfill, clicks refresh) as plain numbers: done/total, a rate over a sliding window and
 * the ETA it implies. Pure over the samples it is given, so it is tested without a clock.
 */

export interface ProgressSample {
  readonly at: number;
  readonly done: number;
}

export interface ProgressFigures {
  readonly done: number;
  readonly total: number;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
}

/** The rate is measured over the last `windowMs` so that a slow start or a throttled spell fades out of the ETA. */
export const PROGRESS_WINDOW_MS = 10_000;

export class ProgressMeter {
  private samples: ProgressSample[] = [];
  private doneCount = 0;

  constructor(
    private totalCount: number,
    private readonly startedAt: number,
    private readonly windowMs = PROGRESS_WINDOW_MS,
  ) {
    this.samples.push({ at: startedAt, done: 0 });
  }

  get total(): number {
    return this.totalCount;
  }

  /** More work found along the way (a query Notion cut short, asked again). */
  grow(by: number): void {
    this.totalCount += by;
  }

  get done(): number {
    return this.doneCount;
  }

  /** Measures the rate from `at` on (work that starts after a wait, e.g. the QR codes after the links). */
  restart(at: number): void {
    this.samples = [{ at, done: this.doneCount }];
  }

  record(at: number, done = this.doneCount + 1): ProgressFigures {
    this.doneCount = done;
    this.samples.push({ at, done });
    const horizon = at - this.windowMs;
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= horizon) this.samples.shift();
    return this.figures(at);
  }

  figures(at: number): ProgressFigures {
    return progressFigures(this.samples, this.totalCount, at, this.startedAt);
  }
}

export function progressFigures(
  samples: readonly ProgressSample[],
  total: number,
  now: number,
  startedAt: number,
): ProgressFigures {
  const first = samples[0] ?? { at: startedAt, done: 0 };
  const last = samples[samples.length - 1] ?? first;
  const elapsedMs = Math.max(now - first.at, 1);
  const ratePerSecond = ((last.done - first.done) * 1000) / elapsedMs;
  const remaining = Math.max(total - last.done, 0);
  const etaSeconds = remaining === 0 ? 0 : ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null;
  return { done: last.done, total, ratePerSecond: round2(ratePerSecond), etaSeconds };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
