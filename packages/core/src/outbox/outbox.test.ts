import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../clock/clock";
import { filesText } from "../contracts/files-text";
import { contractCreateIntent, outboxContract } from "../contracts/outbox.contract";
import { Outbox } from "./outbox";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-outbox-"));
  path = join(dir, "outbox.jsonl");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const createIntent = contractCreateIntent;

outboxContract("Outbox (JSON Lines file)", async () => {
  const root = await mkdtemp(join(tmpdir(), "linksync-outbox-contract-"));
  return {
    open: () => Outbox.open(join(root, "outbox.jsonl"), { clock: new FakeClock() }),
    atRest: () => filesText(root),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe("Outbox", () => {
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
