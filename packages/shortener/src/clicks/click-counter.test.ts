import { describe, expect, it } from "vitest";
import type { ClickTally } from "../store/store";
import { ClickCounter, type ClickSink, FLUSH_CHUNK_LINKS } from "./click-counter";

/** A sink that keeps totals like a store and can be told to fail its next write. */
class RecordingSink implements ClickSink {
  readonly totals = new Map<string, ClickTally>();
  failNext = false;
  /** Fails the write after this many more succeeded (null: never). */
  failAfter: number | null = null;
  readonly writeSizes: number[] = [];

  async addClicks(batch: ReadonlyMap<string, ClickTally>): Promise<void> {
    if (this.failNext || this.failAfter === 0) {
      this.failNext = false;
      this.failAfter = null;
      throw new Error("disk full");
    }
    if (this.failAfter !== null) this.failAfter -= 1;
    this.writeSizes.push(batch.size);
    for (const [id, tally] of batch) {
      const stored = this.totals.get(id);
      this.totals.set(id, { count: (stored?.count ?? 0) + tally.count, lastClickAt: tally.lastClickAt });
    }
  }
}

const HOUR = 3_600_000;

/** What a reader sees: the sink's total plus the clicks not handed over, read while no batch moves. */
function total(counter: ClickCounter, sink: RecordingSink, id: string): Promise<ClickTally | undefined> {
  return counter.whileSettled(async (unflushed) => {
    const recent = unflushed(id);
    const stored = sink.totals.get(id);
    if (!recent) return stored;
    return { count: (stored?.count ?? 0) + recent.count, lastClickAt: recent.lastClickAt };
  });
}
const at = (ms: number) => Date.parse("2026-03-01T10:00:00Z") + ms;

describe("ClickCounter", () => {
  it("hands counts and the latest click time to the store in one batch per flush", async () => {
    const sink = new RecordingSink();
    const counter = new ClickCounter(sink, HOUR, (error) => {
      throw error;
    });
    counter.record("a", at(0));
    counter.record("a", at(5));
    counter.record("b", at(1));
    expect(await total(counter, sink, "a")).toEqual({ count: 2, lastClickAt: "2026-03-01T10:00:00.005Z" });
    await counter.flush();
    expect(sink.totals.get("a")).toEqual({ count: 2, lastClickAt: "2026-03-01T10:00:00.005Z" });
    expect(sink.totals.get("b")?.count).toBe(1);
    expect(await counter.whileSettled(async (unflushed) => unflushed("a"))).toBeUndefined();
    await counter.close();
  });

  it("keeps a batch whose write failed and writes it with the next one", async () => {
    const sink = new RecordingSink();
    const counter = new ClickCounter(sink, HOUR, (error) => {
      throw error;
    });
    counter.record("a", at(0));
    sink.failNext = true;
    await expect(counter.flush()).rejects.toThrow("disk full");
    counter.record("a", at(10));
    expect((await total(counter, sink, "a"))?.count).toBe(2);
    await counter.close();
    expect(sink.totals.get("a")).toEqual({ count: 2, lastClickAt: "2026-03-01T10:00:00.010Z" });
  });

  it("writes a large batch in bounded chunks, and keeps only the chunks a failed write did not store", async () => {
    const sink = new RecordingSink();
    const counter = new ClickCounter(sink, HOUR, (error) => {
      throw error;
    });
    const links = 2 * FLUSH_CHUNK_LINKS + 7;
    for (let i = 0; i < links; i++) counter.record(`l${i}`, at(i));
    sink.failAfter = 1;
    await expect(counter.flush()).rejects.toThrow("disk full");
    expect(sink.writeSizes).toEqual([FLUSH_CHUNK_LINKS]);
    await counter.flush();
    expect(sink.writeSizes).toEqual([FLUSH_CHUNK_LINKS, FLUSH_CHUNK_LINKS, 7]);
    expect(sink.totals.size).toBe(links);
    expect([...sink.totals.values()].every((tally) => tally.count === 1)).toBe(true);
    await counter.close();
  });

  it("never shows a batch on its way as missing: a read waits for the write, a flush for the read", async () => {
    let release!: () => void;
    const sink = new RecordingSink();
    const slow: ClickSink = {
      addClicks: async (batch) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        await sink.addClicks(batch);
      },
    };
    const counter = new ClickCounter(slow, HOUR, (error) => {
      throw error;
    });
    counter.record("a", at(0));
    const flushed = counter.flush();
    await new Promise((resolve) => setImmediate(resolve));
    const read = total(counter, sink, "a");
    release();
    expect((await read)?.count).toBe(1);
    await flushed;
    await counter.close();
  });
});
