import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { filesText } from "../contracts/files-text";
import { contractConnection, contractSnapshot, stateStoreContract } from "../contracts/state-store.contract";
import { FileStateStore, ROWS_FILE_NAME, STATE_FILE_NAME } from "./file-state-store";
import { MemoryStateStore } from "./memory-state-store";
import type { DatabaseKey } from "./state-store";

const KEY: DatabaseKey = { connectionId: "conn-1", dataSourceId: "ds-1" };

const snapshot = contractSnapshot;
const connection = contractConnection;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

stateStoreContract("MemoryStateStore", async () => {
  const store = new MemoryStateStore();
  return { open: async () => store, atRest: async () => "", dispose: async () => {} };
});

stateStoreContract("FileStateStore", async () => {
  const root = await mkdtemp(join(tmpdir(), "linksync-state-contract-"));
  return {
    open: () => FileStateStore.open(root),
    atRest: () => filesText(root),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe("FileStateStore", () => {
  const lines = async (name: string) =>
    (await readFile(join(dir, name), "utf8")).split("\n").filter((line) => line.length > 0);

  it("a flush writes only the rows that changed, and no row at all into state.json", async () => {
    const store = await FileStateStore.open(dir, { flushDelayMs: 60_000 });
    await store.updateDatabase(KEY, {});
    for (let i = 0; i < 10_000; i++) await store.putSnapshots(KEY, [snapshot(`p${i}`)]);
    await store.flush();
    expect(store.writeStats).toMatchObject({ documentWrites: 1, rowRecordsAppended: 10_000 });
    const stateSize = (await readFile(join(dir, STATE_FILE_NAME))).length;
    expect(stateSize).toBeLessThan(1_000);

    await store.putSnapshots(KEY, [snapshot("p7", { clicks: 1 }), snapshot("p8", { clicks: 2 })]);
    await store.putSnapshots(KEY, [snapshot("p7", { clicks: 3 })]);
    await store.updateDatabase(KEY, { watermark: "2026-01-01T10:00:00.000Z" });
    await store.flush();
    // Two changed rows cost two lines (p7 once, in its latest value); the watermark rewrote the small document only.
    expect(store.writeStats).toMatchObject({ documentWrites: 2, rowRecordsAppended: 10_002 });
    expect((await readFile(join(dir, STATE_FILE_NAME))).length).toBeLessThan(stateSize + 100);
    expect((await lines(ROWS_FILE_NAME)).slice(-2).map((line) => JSON.parse(line).row.clicks)).toEqual([
      3, 2,
    ]);
    await store.flush();
    expect(store.writeStats.flushes).toBe(2);
    await store.close();
  });

  it("writes pending changes by itself after the flush delay", async () => {
    const store = await FileStateStore.open(dir, { flushDelayMs: 5 });
    await store.updateDatabase(KEY, { watermark: "2026-02-02T00:00:00.000Z" });
    await store.putSnapshots(KEY, [snapshot("p1")]);
    await vi.waitFor(async () => {
      const text = await readFile(join(dir, STATE_FILE_NAME), "utf8").catch(() => "");
      expect(text).toContain("2026-02-02T00:00:00.000Z");
      expect(await lines(ROWS_FILE_NAME)).toHaveLength(1);
    });
    expect(store.writeStats.flushes).toBe(1);
    await store.close();
  });

  it("loses at most the unflushed window in a crash, never the whole file", async () => {
    const store = await FileStateStore.open(dir, { flushDelayMs: 60_000 });
    await store.updateDatabase(KEY, { watermark: "2026-01-01T10:00:00.000Z" });
    await store.putSnapshots(KEY, [snapshot("p1")]);
    await store.flush();
    await store.updateDatabase(KEY, { watermark: "2026-01-01T11:00:00.000Z" });
    await store.putSnapshots(KEY, [snapshot("p1", { clicks: 9 }), snapshot("p2")]);
    // A second process opening the files now sees what a crash right here would have left behind.
    const afterCrash = await FileStateStore.open(dir);
    expect((await afterCrash.getDatabase(KEY))?.watermark).toBe("2026-01-01T10:00:00.000Z");
    expect(await afterCrash.getSnapshot(KEY, "p1")).toEqual(snapshot("p1"));
    expect(await afterCrash.getSnapshot(KEY, "p2")).toBeNull();
    await afterCrash.close();
  });

  it("a torn append never loses an acknowledged snapshot, and the log goes on cleanly after it", async () => {
    const store = await FileStateStore.open(dir);
    await store.updateDatabase(KEY, {});
    await store.putSnapshots(KEY, [snapshot("p1"), snapshot("p2")]);
    await store.flush();
    // A crash in the middle of the next append leaves half a line.
    await appendFile(join(dir, ROWS_FILE_NAME), '{"op":"put","db":"conn-1/ds-1","row":{"pageId":"p3","li');

    const reopened = await FileStateStore.open(dir);
    expect([...(await reopened.snapshots(KEY)).keys()].sort()).toEqual(["p1", "p2"]);
    await reopened.putSnapshots(KEY, [snapshot("p4")]);
    await reopened.close();
    const again = await FileStateStore.open(dir);
    expect([...(await again.snapshots(KEY)).keys()].sort()).toEqual(["p1", "p2", "p4"]);
    await again.close();
  });

  it("compacts the log once superseded lines outnumber live rows, keeping every latest value", async () => {
    const store = await FileStateStore.open(dir, { compactionSlack: 10 });
    await store.updateDatabase(KEY, {});
    await store.putSnapshots(KEY, [snapshot("p1"), snapshot("p2"), snapshot("p3")]);
    for (let clicks = 1; clicks <= 30; clicks++) {
      await store.putSnapshots(KEY, [snapshot("p1", { clicks })]);
      await store.flush();
    }
    await store.deleteSnapshot(KEY, "p3");
    await store.flush();
    expect(store.writeStats.compactions).toBeGreaterThan(0);
    expect((await lines(ROWS_FILE_NAME)).length).toBeLessThanOrEqual(2 + 10 + 1);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    await store.close();

    const reopened = await FileStateStore.open(dir);
    expect(await reopened.getSnapshot(KEY, "p1")).toEqual(snapshot("p1", { clicks: 30 }));
    expect(await reopened.getSnapshot(KEY, "p2")).toEqual(snapshot("p2"));
    expect(await reopened.getSnapshot(KEY, "p3")).toBeNull();
    await reopened.close();
  });

  it("a database removed and attached again starts with no rows, also after a restart", async () => {
    const store = await FileStateStore.open(dir);
    await store.updateDatabase(KEY, {});
    await store.putSnapshots(KEY, [snapshot("p1")]);
    await store.flush();
    await store.removeDatabase(KEY);
    await store.updateDatabase(KEY, { title: "Again" });
    await store.putSnapshots(KEY, [snapshot("p2")]);
    await store.close();

    const reopened = await FileStateStore.open(dir);
    expect([...(await reopened.snapshots(KEY)).keys()]).toEqual(["p2"]);
    expect(await reopened.findByLinkId("link-p1")).toBeNull();
    await reopened.close();
  });

  it("drops rows of a database whose removal was cut short by a crash, for good", async () => {
    const store = await FileStateStore.open(dir);
    await store.updateDatabase(KEY, {});
    await store.putSnapshots(KEY, [snapshot("p1")]);
    await store.close();
    // state.json written without the database, the crash came before the log recorded the drop.
    await writeFile(
      join(dir, STATE_FILE_NAME),
      JSON.stringify({ version: 2, connections: {}, databases: {} }),
    );

    const reopened = await FileStateStore.open(dir);
    expect(await reopened.listDatabases()).toEqual([]);
    await reopened.updateDatabase(KEY, {});
    await reopened.close();
    const again = await FileStateStore.open(dir);
    expect((await again.snapshots(KEY)).size).toBe(0);
    await again.close();
  });

  it("rescans every row when rows.jsonl was lost: the watermark is not trusted without the snapshots", async () => {
    const store = await FileStateStore.open(dir);
    await store.updateDatabase(KEY, {
      watermark: "2026-01-01T10:00:00.000Z",
      providerCursor: "c-9",
      title: "Links",
    });
    await store.putSnapshots(KEY, [snapshot("p1")]);
    await store.close();
    await rm(join(dir, ROWS_FILE_NAME));

    const reopened = await FileStateStore.open(dir);
    expect(await reopened.getDatabase(KEY)).toMatchObject({
      title: "Links",
      watermark: null,
      providerCursor: null,
    });
    expect((await reopened.snapshots(KEY)).size).toBe(0);
    await reopened.close();
  });

  it("moves the rows of a version-1 state.json into the log", async () => {
    const legacy = {
      version: 1,
      connections: { "conn-1": connection() },
      databases: {
        "conn-1/ds-1": {
          state: {
            key: KEY,
            title: "Links",
            watermark: "2026-01-01T10:00:00.000Z",
            providerCursor: null,
            paused: null,
            fieldMap: null,
          },
          rows: { p1: snapshot("p1"), p2: snapshot("p2") },
        },
      },
    };
    await writeFile(join(dir, STATE_FILE_NAME), JSON.stringify(legacy));

    const store = await FileStateStore.open(dir);
    expect([...(await store.snapshots(KEY)).keys()].sort()).toEqual(["p1", "p2"]);
    await store.close();
    expect(JSON.parse(await readFile(join(dir, STATE_FILE_NAME), "utf8"))).toMatchObject({
      version: 2,
      databases: { "conn-1/ds-1": { watermark: "2026-01-01T10:00:00.000Z" } },
    });
    expect(await lines(ROWS_FILE_NAME)).toHaveLength(2);
    const reopened = await FileStateStore.open(dir);
    expect(await reopened.getSnapshot(KEY, "p2")).toEqual(snapshot("p2"));
    expect(await reopened.listConnections()).toEqual([connection()]);
    await reopened.close();
  });

  it("reports a corrupt state file with a code and what to do", async () => {
    await writeFile(join(dir, STATE_FILE_NAME), "{oops");
    await expect(FileStateStore.open(dir)).rejects.toMatchObject({
      code: "state_corrupt",
      message: expect.stringContaining("Move it aside"),
    });
  });

  it("reports a row log line it cannot read, rather than syncing from it", async () => {
    await writeFile(
      join(dir, ROWS_FILE_NAME),
      '{"op":"put","db":"conn-1/ds-1","row":{"pageId":7}}\n{"op":"drop","db":"x"}\n',
    );
    await expect(FileStateStore.open(dir)).rejects.toMatchObject({
      code: "state_corrupt",
      message: expect.stringContaining("Line 1"),
    });
  });
});
