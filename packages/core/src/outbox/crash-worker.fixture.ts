/**
 * A process for the outbox crash tests: it writes intents to a simulated remote service (a file of applied
 * idempotency keys) through the outbox, and is killed with SIGKILL by the test at random points or by itself at a
 * named point (CRASH_AT). On start it first replays what is pending, reading the remote back before writing, which is
 * what the engine does after a restart.
 *
 * Usage: node --import tsx crash-worker.fixture.ts <dir> <total intents>
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Outbox, type OutboxEntry } from "./outbox";
import type { OutboxIntent } from "./write-intent";

interface TestIntent extends OutboxIntent {
  readonly kind: "remote.put";
  readonly index: number;
  readonly value: string;
}

const [dir = "", totalArg = "0"] = process.argv.slice(2);
const total = Number(totalArg);
const crashAt = process.env.CRASH_AT;
const remotePath = join(dir, "remote.jsonl");
const BATCH = 3;

function remoteKeys(): string[] {
  if (!existsSync(remotePath)) return [];
  return readFileSync(remotePath, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { key: string }).key);
}

function crashIf(point: string): void {
  if (crashAt === point) process.kill(process.pid, "SIGKILL");
}

async function deliver(outbox: Outbox<TestIntent>, entry: OutboxEntry<TestIntent>): Promise<void> {
  const applied = remoteKeys().includes(entry.intent.idempotencyKey);
  if (applied && entry.state === "queued") {
    // Written remotely without a recorded attempt: the outbox lost a record it had acknowledged.
    console.log(`VIOLATION ${entry.intent.idempotencyKey}`);
    process.exit(3);
  }
  await outbox.markSent(entry.id);
  if (!applied) {
    appendFileSync(
      remotePath,
      `${JSON.stringify({ key: entry.intent.idempotencyKey, value: entry.intent.value })}\n`,
    );
  }
  crashIf("after-write");
  await outbox.settle(entry.id, { applied: !applied });
  console.log(`settled ${entry.intent.index}`);
}

const outbox = await Outbox.open<TestIntent>(join(dir, "outbox.jsonl"), { compactAfter: 7 });
for (const entry of outbox.pending()) await deliver(outbox, entry);

const pendingIndexes = outbox.pending().map((e) => e.intent.index);
const done = remoteKeys().map((key) => Number(key.split(":")[1]));
let next = Math.max(-1, ...done, ...pendingIndexes) + 1;
while (next < total) {
  const ids: string[] = [];
  for (let i = next; i < Math.min(total, next + BATCH); i++) {
    ids.push(
      await outbox.enqueue({ kind: "remote.put", idempotencyKey: `put:${i}`, index: i, value: `v${i}` }),
    );
  }
  crashIf("after-enqueue");
  for (const entry of outbox.pending()) await deliver(outbox, entry);
  next += ids.length;
}
await outbox.close();
console.log("complete");
