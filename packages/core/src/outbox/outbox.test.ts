import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../clock/clock";
import { Outbox } from "./outbox";
import type { WriteIntent } from "./write-intent";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-outbox-"));
  path = join(dir, "outbox.jsonl");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function createIntent(pageId: string): Extract<WriteIntent, { kind: "link.create" }> {
  return {
    kind: "link.create",
    idempotencyKey: `notion-page:${pageId}`,
    connectionId: "conn-1",
    dataSourceId: "ds-1",
    pageId,
    destination: `https://example.com/${pageId}`,
    tags: ["launch"],
    title: `Row ${pageId}`,
  };
}

function commentIntent(pageId: string, conflictId: string): WriteIntent {
  return {
    kind: "comment.create",
    idempotencyKey: `comment:${conflictId}`,
    connectionId: "conn-1",
    dataSourceId: "ds-1",
    pageId,
    text: `Destination conflict at 14:02:30 UTC (${conflictId})`,
    marker: conflictId,
  };
}

describe("Outbox", () => {
  it("lists unsettled intents in enqueue order and drops settled and finally failed ones", async () => {
    const outbox = await Outbox.open(path, { clock: new FakeClock() });
    const a = await outbox.enqueue(createIntent("a"));
    const b = await outbox.enqueue(createIntent("b"));
    const c = await outbox.enqueue(commentIntent("c", "cf-1"));
    const d = await outbox.enqueue(createIntent("d"));
    await outbox.markSent(b);
    await outbox.settle(b, { linkId: "l-b" });
    await outbox.markSent(c);
    await outbox.fail(c, { code: "unavailable", message: "Notion is unreachable" }, true);
    await outbox.fail(d, { code: "invalid_destination", message: "javascript: is not allowed" }, false);

    const pending = outbox.pending();
    expect(pending.map((e) => e.id)).toEqual([a, c]);
    expect(pending[0]).toMatchObject({
      state: "queued",
      attempts: 0,
      enqueuedAt: "2026-01-01T00:00:00.000Z",
    });
    expect(pending[1]).toMatchObject({
      state: "retrying",
      attempts: 1,
      lastError: { code: "unavailable" },
      intent: { kind: "comment.create", marker: "cf-1" },
    });
    await expect(outbox.settle(b)).rejects.toMatchObject({ code: "not_pending" });
    await outbox.close();
  });

  it("replays exactly the unsettled intents in their original order after a restart", async () => {
    const outbox = await Outbox.open(path);
    const ids: string[] = [];
    for (const page of ["p1", "p2", "p3", "p4", "p5"]) ids.push(await outbox.enqueue(createIntent(page)));
    await outbox.markSent(ids[1]!);
    await outbox.settle(ids[1]!);
    await outbox.markSent(ids[3]!);
    await outbox.close();

    const reopened = await Outbox.open(path);
    expect(reopened.pending().map((e) => e.id)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
    expect(reopened.pending().map((e) => e.state)).toEqual(["queued", "queued", "sent", "queued"]);
    expect(reopened.pending()[2]?.intent).toEqual(createIntent("p4"));
    const later = await reopened.enqueue(createIntent("p6"));
    expect(reopened.pending().at(-1)?.id).toBe(later);
    await reopened.close();
  });

  it("returns the pending id for the same intent enqueued again and refuses a reused key with other values", async () => {
    const outbox = await Outbox.open(path);
    const id = await outbox.enqueue(createIntent("p1"));
    await outbox.close();
    const reopened = await Outbox.open(path);
    expect(await reopened.enqueue(createIntent("p1"))).toBe(id);
    expect(reopened.size).toBe(1);
    await expect(
      reopened.enqueue({ ...createIntent("p1"), destination: "https://other.example" }),
    ).rejects.toMatchObject({ code: "idempotency_key_reused" });
    await reopened.close();
  });

  it("compacts finished entries away and keeps the pending ones intact", async () => {
    const outbox = await Outbox.open(path, { compactAfter: 10 });
    const keep = await outbox.enqueue(createIntent("keep"));
    await outbox.markSent(keep);
    for (let i = 0; i < 25; i++) {
      const id = await outbox.enqueue(createIntent(`p${i}`));
      await outbox.settle(id);
    }
    await outbox.close();
    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines.length).toBeLessThan(25);
    const reopened = await Outbox.open(path);
    expect(reopened.pending()).toMatchObject([{ id: keep, state: "sent", attempts: 1 }]);
    await reopened.close();
  });

  it("cuts a torn last line left by a crash mid-append and appends cleanly after it", async () => {
    const outbox = await Outbox.open(path);
    const id = await outbox.enqueue(createIntent("p1"));
    await outbox.close();
    await writeFile(path, `${await readFile(path, "utf8")}{"t":"enqueue","id":"x","se`);
    const reopened = await Outbox.open(path);
    expect(reopened.pending().map((e) => e.id)).toEqual([id]);
    await reopened.enqueue(createIntent("p2"));
    await reopened.close();
    expect((await Outbox.open(path)).size).toBe(2);
  });

  it("commits concurrent enqueues together, in call order", async () => {
    const outbox = await Outbox.open(path);
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => outbox.enqueue(createIntent(`p${i}`))),
    );
    await outbox.close();
    const reopened = await Outbox.open(path);
    expect(reopened.pending().map((e) => e.id)).toEqual(ids);
    expect(reopened.pending().map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("keeps secrets out of recorded failures", async () => {
    const outbox = await Outbox.open(path);
    const id = await outbox.enqueue(createIntent("p1"));
    await outbox.fail(
      id,
      { code: "unauthorized", message: "401 with Bearer ntn_4c1Dq8ZbY7tP2wXk9LmN3vR6sQ0a" },
      true,
    );
    await outbox.close();
    expect(await readFile(path, "utf8")).not.toContain("ntn_4c1Dq8");
  });
});

describe("Outbox across real process crashes (SIGKILL)", () => {
  const worker = join(dirname(fileURLToPath(import.meta.url)), "crash-worker.fixture.ts");

  function start(
    total: number,
    crashAt?: string,
  ): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
    const child = spawn(process.execPath, ["--import", "tsx", worker, dir, String(total)], {
      env: { ...process.env, ...(crashAt ? { CRASH_AT: crashAt } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  async function remoteKeys(): Promise<string[]> {
    const text = await readFile(join(dir, "remote.jsonl"), "utf8").catch(() => "");
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { key: string }).key);
  }

  function expectEachOnceInOrder(keys: readonly string[], total: number): void {
    expect(keys).toEqual(Array.from({ length: total }, (_, i) => `put:${i}`));
  }

  it("a crash between intent and write leaves the intents queued, and the replay writes each once", async () => {
    const crashed = start(9, "after-enqueue");
    await crashed.exited;
    expect(crashed.child.signalCode).toBe("SIGKILL");
    expect(await remoteKeys()).toEqual([]);
    const outbox = await Outbox.open(path);
    expect(outbox.pending().map((e) => [e.intent.idempotencyKey, e.state])).toEqual([
      ["put:0", "queued"],
      ["put:1", "queued"],
      ["put:2", "queued"],
    ]);
    await outbox.close();

    const resumed = start(9);
    expect(await resumed.exited).toBe(0);
    expectEachOnceInOrder(await remoteKeys(), 9);
    expect((await Outbox.open(path)).size).toBe(0);
  });

  it("a crash between write and settle leaves the intent 'sent' (outcome unclear), and the replay does not write it twice", async () => {
    const crashed = start(9, "after-write");
    await crashed.exited;
    expect(crashed.child.signalCode).toBe("SIGKILL");
    expect(await remoteKeys()).toEqual(["put:0"]);
    const outbox = await Outbox.open(path);
    expect(outbox.pending().map((e) => [e.intent.idempotencyKey, e.state])).toEqual([
      ["put:0", "sent"],
      ["put:1", "queued"],
      ["put:2", "queued"],
    ]);
    await outbox.close();

    const resumed = start(9);
    expect(await resumed.exited).toBe(0);
    expectEachOnceInOrder(await remoteKeys(), 9);
  });

  it("random SIGKILLs during a run lose nothing and duplicate nothing", async () => {
    const total = 60;
    for (let round = 0; round < 5; round++) {
      const run = start(total);
      const killAfter = 1 + Math.floor(Math.random() * 8);
      await new Promise<void>((resolve) => {
        const check = () => {
          const settled = run.output().match(/settled/g)?.length ?? 0;
          if (settled >= killAfter || run.output().includes("complete")) resolve();
        };
        run.child.stdout?.on("data", check);
        run.child.on("exit", () => resolve());
      });
      // Lands anywhere in the next few operations: before, during or after an append, a write or a settle.
      setTimeout(() => run.child.kill("SIGKILL"), Math.random() * 15);
      await run.exited;
      expect(run.output()).not.toContain("VIOLATION");
      const keys = await remoteKeys();
      expect(new Set(keys).size).toBe(keys.length);
    }
    const final = start(total);
    expect(await final.exited).toBe(0);
    expect(final.output()).not.toContain("VIOLATION");
    expectEachOnceInOrder(await remoteKeys(), total);
    expect((await Outbox.open(path)).size).toBe(0);
  });
});
