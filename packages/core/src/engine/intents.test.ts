import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryAuditLog } from "../audit/audit-log";
import { FakeClock } from "../clock/clock";
import { EventBus } from "../events/events";
import { defaultFieldMap } from "../fields/field-map";
import { Outbox } from "../outbox/outbox";
import type { WriteIntent } from "../outbox/write-intent";
import { ProviderError } from "../providers/link-provider";
import { MemoryStateStore } from "../store/memory-state-store";
import type { DatabaseContext } from "./database-context";
import { WorkDeferred } from "./failures";
import { pendingFor, replayPending, runIntent } from "./intents";

let dir: string;
let ctx: DatabaseContext;
let audit: MemoryAuditLog;
let outbox: Outbox;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-intents-"));
  audit = new MemoryAuditLog();
  const unused = () => {
    throw new Error("not used by these tests");
  };
  outbox = await Outbox.open(join(dir, "outbox.jsonl"));
  ctx = {
    databaseId: "c1/ds1",
    key: { connectionId: "c1", dataSourceId: "ds1" },
    fieldMap: defaultFieldMap(),
    columnIds: {},
    columns: defaultFieldMap(),
    followRenames: async () => {},
    notion: unused as never,
    gateway: unused as never,
    provider: unused as never,
    store: new MemoryStateStore(),
    outbox,
    audit,
    events: new EventBus(),
    clock: new FakeClock(),
    schedulerStatus: () => ({ state: "running", since: 0 }),
    rowsInFlight: 4,
    qrImages: "upload",
  };
});
afterEach(async () => {
  await outbox.close();
  await rm(dir, { recursive: true, force: true });
});

function update(pageId: string, destination: string): WriteIntent {
  return {
    kind: "link.update",
    idempotencyKey: `link.update:${pageId}:${destination}`,
    connectionId: "c1",
    dataSourceId: "ds1",
    pageId,
    linkId: `l-${pageId}`,
    destination,
    source: "linksync",
  };
}

/** Leaves a pending intent for `pageId`, as a write attempted while the provider is down does. */
async function queueWhileOffline(pageId: string): Promise<void> {
  await expect(
    runIntent(ctx, update(pageId, "https://a.example"), async () => {
      throw offline();
    }),
  ).rejects.toBeInstanceOf(WorkDeferred);
}

const offline = () => new ProviderError("unavailable", "The shortener is unreachable; Linksync will retry.");

describe("runIntent", () => {
  it("settles the intent once the write succeeds", async () => {
    expect(await runIntent(ctx, update("p1", "https://a.example"), async () => "done")).toBe("done");
    expect(pendingFor(ctx)).toEqual([]);
  });

  it("keeps the intent pending and defers the work when the failure is transient", async () => {
    await expect(
      runIntent(ctx, update("p1", "https://a.example"), async () => {
        throw offline();
      }),
    ).rejects.toBeInstanceOf(WorkDeferred);
    expect(pendingFor(ctx).map((e) => e.intent.pageId)).toEqual(["p1"]);
  });

  it("drops the intent and rethrows when the failure is final", async () => {
    const refused = new ProviderError("invalid_destination", "Destination refused.");
    await expect(
      runIntent(ctx, update("p1", "javascript:x"), async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(pendingFor(ctx)).toEqual([]);
  });
});

describe("replayPending", () => {
  it("replays in the original order and stops at the first transient failure, keeping the rest in order", async () => {
    for (const pageId of ["p1", "p2", "p3"]) await queueWhileOffline(pageId);
    const seen: string[] = [];
    await expect(
      replayPending(ctx, async (_, intent) => {
        seen.push(intent.pageId);
        if (intent.pageId === "p2") throw offline();
      }),
    ).rejects.toBeInstanceOf(WorkDeferred);
    expect(seen).toEqual(["p1", "p2"]);
    expect(pendingFor(ctx).map((e) => e.intent.pageId)).toEqual(["p2", "p3"]);

    expect(await replayPending(ctx, async (_, intent) => void seen.push(intent.pageId))).toBe(2);
    expect(seen).toEqual(["p1", "p2", "p2", "p3"]);
    expect(pendingFor(ctx)).toEqual([]);
  });

  it("logs an intent refused for good and goes on with the others", async () => {
    for (const pageId of ["p1", "p2"]) await queueWhileOffline(pageId);
    const replayed = await replayPending(ctx, async (_, intent) => {
      if (intent.pageId === "p1") throw new ProviderError("not_found", "The link no longer exists.");
    });
    expect(replayed).toBe(1);
    expect(pendingFor(ctx)).toEqual([]);
    const errors = await audit.query({ kind: "row_error" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ pageId: "p1", code: "not_found" });
  });
});
