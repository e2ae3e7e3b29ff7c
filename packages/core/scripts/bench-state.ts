/**
 * The agent state store during a backfill, at 10,000 and 100,000 rows: flush time and the longest event-loop stall.
 *
 * The store sees what a links-first backfill does to it: one snapshot per row as its link is written, then one more
 * per row as its QR code lands, with the store's default 250 ms flush delay. Rows arrive far faster than any Notion
 * budget allows (5,000 rows/s) so that every flush carries a large batch. Two snapshots per row stay under the
 * compaction threshold (superseded lines > live rows), so a third pass, a clicks refresh that changes every row's
 * count, is measured apart: it makes the log compact (at 100,000 rows; 10,000 stay under the 20,000-line minimum).
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FileStateStore,
  MemoryStateStore,
  ROWS_FILE_NAME,
  type RowSnapshot,
  type StateStore,
} from "../src/index";

const ROWS_PER_SECOND = 5_000;
const KEY = { connectionId: "bench", dataSourceId: "ds" };

export interface StateFigures {
  readonly rows: number;
  readonly flushes: number;
  readonly longestFlushMs: number;
  /** The longest gap between two ticks of a 1 ms timer, in CPU time of the event loop's thread (`StallMonitor`). */
  readonly longestStallMs: number;
  /** The same gap in wall time: includes the time other processes on a loaded machine took the CPU from us. */
  readonly longestWallStallMs: number;
  /** The same two gaps with an in-memory store (no writes at all): the floor set by GC, the runtime and the machine. */
  readonly floorStallMs: number;
  readonly floorWallStallMs: number;
  readonly compactions: number;
  /** The clicks refresh after the backfill (a third snapshot per row): its longest stalls and its compactions. */
  readonly refreshStallMs: number;
  readonly refreshWallStallMs: number;
  readonly refreshCompactions: number;
  readonly reopenMs: number;
  readonly logMb: number;
  /** For comparison: serializing every row at once, what the previous whole-document `state.json` did per flush. */
  readonly wholeDocumentMs: number;
}

function snapshot(i: number, qr: boolean, clicks = 0): RowSnapshot {
  const pageId = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  const shortUrl = `https://go.acme.com/s${i.toString(36)}`;
  return {
    pageId,
    linkId: `lnk_${i.toString(36).padStart(10, "0")}`,
    destination: `https://shop.example.com/products/${i}?ref=catalogue`,
    tags: ["spring", "sale"],
    shortUrl,
    clicks,
    qrForShortUrl: qr ? shortUrl : null,
    syncedAt: new Date(1_780_000_000_000 + i * 20).toISOString(),
  };
}

/** Puts one snapshot per row at `ROWS_PER_SECOND`, in small steps that leave the event loop free in between. */
async function pace(store: StateStore, rows: number, qr: boolean, clicks = 0): Promise<void> {
  const started = performance.now();
  const step = 25;
  for (let i = 0; i < rows; i += step) {
    for (let j = i; j < Math.min(rows, i + step); j++)
      await store.putSnapshots(KEY, [snapshot(j, qr, clicks)]);
    const due = started + ((i + step) / ROWS_PER_SECOND) * 1000;
    const wait = due - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
}

export async function measureState(rows: number): Promise<StateFigures> {
  const dir = await mkdtemp(join(tmpdir(), "linksync-state-bench-"));
  try {
    const store = await FileStateStore.open(dir);
    await store.updateDatabase(KEY, { title: "Bench" });
    const monitor = new StallMonitor();
    await pace(store, rows, false);
    await pace(store, rows, true);
    await store.flush();
    monitor.stop();
    const stats = store.writeStats;
    const refreshMonitor = new StallMonitor();
    await pace(store, rows, true, 1);
    await store.flush();
    refreshMonitor.stop();
    const compactions = store.writeStats.compactions;
    await store.close();
    const logMb = (await stat(join(dir, ROWS_FILE_NAME))).size / 2 ** 20;

    const reopenStarted = performance.now();
    const reopened = await FileStateStore.open(dir);
    const reopenMs = performance.now() - reopenStarted;
    const all = await reopened.snapshots(KEY);
    if (all.size !== rows) throw new Error(`read back ${all.size} rows of ${rows}`);
    await reopened.close();

    const floor = new MemoryStateStore();
    await floor.updateDatabase(KEY, { title: "Bench" });
    const floorMonitor = new StallMonitor();
    await pace(floor, rows, false);
    await pace(floor, rows, true);
    floorMonitor.stop();

    const wholeStarted = performance.now();
    JSON.stringify({ rows: Object.fromEntries(all) });
    const wholeDocumentMs = performance.now() - wholeStarted;
    return {
      rows,
      flushes: stats.flushes,
      longestFlushMs: stats.longestFlushMs,
      longestStallMs: monitor.longestCpuMs,
      longestWallStallMs: monitor.longestWallMs,
      floorStallMs: floorMonitor.longestCpuMs,
      floorWallStallMs: floorMonitor.longestWallMs,
      compactions: stats.compactions,
      refreshStallMs: refreshMonitor.longestCpuMs,
      refreshWallStallMs: refreshMonitor.longestWallMs,
      refreshCompactions: compactions - stats.compactions,
      reopenMs,
      logMb,
      wholeDocumentMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * How long the event loop was blocked at most: a 1 ms timer re-armed on every tick, and the longest gap between two
 * ticks, in wall time and in CPU time of the main thread (the one running the event loop). On a machine shared with
 * other work the wall gap also counts the time the OS gave the CPU to someone else, which no code of ours can
 * remove; the main thread's CPU gap is the work that actually kept the loop busy, GC pauses on it included, and
 * leaves out what runs beside it (fsyncs on libuv's thread pool, concurrent GC marking). Linux reads the main
 * thread's on-CPU time from `/proc/self/task/<pid>/schedstat` (ns); elsewhere the whole process's CPU time stands in.
 */
export class StallMonitor {
  longestWallMs = 0;
  longestCpuMs = 0;
  private timer: NodeJS.Timeout;
  private lastWall = performance.now();
  private lastCpu = mainThreadCpuMs();

  constructor() {
    const tick = () => {
      const wall = performance.now();
      const cpu = mainThreadCpuMs();
      this.longestWallMs = Math.max(this.longestWallMs, wall - this.lastWall - 1);
      this.longestCpuMs = Math.max(this.longestCpuMs, cpu - this.lastCpu);
      this.lastWall = wall;
      this.lastCpu = cpu;
      this.timer = setTimeout(tick, 1);
    };
    this.timer = setTimeout(tick, 1);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const hasSchedstat = existsSync(SCHEDSTAT);

/** CPU time of the event loop's thread so far, in ms (the whole process's where the OS does not say). */
export function mainThreadCpuMs(): number {
  if (hasSchedstat) return Number(readFileSync(SCHEDSTAT, "utf8").split(" ", 1)[0]) / 1e6;
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}
