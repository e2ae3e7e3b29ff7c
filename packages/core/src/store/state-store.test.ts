import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import type { RowSnapshot } from "../rows/row";
import { LowdbStateStore, STATE_FILE_NAME } from "./lowdb-state-store";
import { MemoryStateStore } from "./memory-state-store";
import type { ConnectionRecord, DatabaseKey, StateStore } from "./state-store";

const KEY: DatabaseKey = { connectionId: "conn-1", dataSourceId: "ds-1" };
const OTHER: DatabaseKey = { connectionId: "conn-2", dataSourceId: "ds-9" };

function snapshot(pageId: string, overrides: Partial<RowSnapshot> = {}): RowSnapshot {
  return {
    pageId,
    linkId: `link-${pageId}`,
    destination: `https://example.com/${pageId}`,
    tags: ["launch"],
    shortUrl: `https://go.acme.com/${pageId}`,
    clicks: 0,
    qrForShortUrl: null,
    syncedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

function connection(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: "conn-1",
    workspaceId: "ws-1",
    workspaceName: "Acme",
    secretName: "notion:conn-1",
    providerKind: "linksync-shortener",
    providerSecretName: "provider:conn-1",
    providerOptions: { baseUrl: "http://127.0.0.1:4000" },
    status: "connected",
    connectedAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const implementations: [string, () => Promise<StateStore>][] = [
  ["MemoryStateStore", async () => new MemoryStateStore()],
  ["LowdbStateStore", () => LowdbStateStore.open(dir)],
];

describe.each(implementations)("%s", (_name, open) => {
  it("keeps a database's clicks history, absent until the first refresh records one", async () => {
    const store = await open();
    expect((await store.updateDatabase(KEY, { title: "Links" })).clicksHistory).toBeUndefined();
    const history = [{ at: "2026-01-01T10:00:00.000Z", total: 7 }];
    await store.updateDatabase(KEY, { clicksHistory: history });
    await store.updateDatabase(KEY, { watermark: "2026-01-01T10:05:00.000Z" });
    expect((await store.getDatabase(KEY))?.clicksHistory).toEqual(history);
    await store.close();
  });

  it("keeps watermark, provider cursor, pause and field map per database", async () => {
    const store = await open();
    expect(await store.getDatabase(KEY)).toBeNull();
    await store.updateDatabase(KEY, { title: "Links", watermark: "2026-01-01T10:00:00.000Z" });
    await store.updateDatabase(KEY, { providerCursor: "c-42", fieldMap: defaultFieldMap() });
    const paused = await store.updateDatabase(KEY, {
      paused: {
        reason: "schema_drift",
        message: 'The column "Destination" was renamed.',
        at: "2026-01-01T10:05:00Z",
      },
    });
    expect(paused).toMatchObject({
      key: KEY,
      title: "Links",
      watermark: "2026-01-01T10:00:00.000Z",
      providerCursor: "c-42",
      paused: { reason: "schema_drift" },
    });
    expect(paused.fieldMap?.destination).toBe("Destination");
    await store.updateDatabase(OTHER, {});
    expect((await store.getDatabase(OTHER))?.watermark).toBeNull();
    expect((await store.listDatabases("conn-1")).map((d) => d.key)).toEqual([KEY]);
    expect(await store.listDatabases()).toHaveLength(2);
    expect((await store.updateDatabase(KEY, { paused: null })).paused).toBeNull();
    await store.close();
  });

  it("maps rows to links both ways and keeps the last synced base", async () => {
    const store = await open();
    await store.updateDatabase(KEY, {});
    await store.putSnapshots(KEY, [snapshot("p1"), snapshot("p2")]);
    expect((await store.getSnapshot(KEY, "p1"))?.linkId).toBe("link-p1");
    expect(await store.findByLinkId("link-p2")).toEqual({ key: KEY, snapshot: snapshot("p2") });
    expect([...(await store.snapshots(KEY)).keys()]).toEqual(["p1", "p2"]);

    await store.putSnapshots(KEY, [snapshot("p1", { linkId: "link-new", destination: "https://b.example" })]);
    expect(await store.findByLinkId("link-p1")).toBeNull();
    expect((await store.findByLinkId("link-new"))?.snapshot.destination).toBe("https://b.example");

    await store.deleteSnapshot(KEY, "p2");
    expect(await store.getSnapshot(KEY, "p2")).toBeNull();
    expect(await store.findByLinkId("link-p2")).toBeNull();
    await store.close();
  });

  it("refuses snapshots for a database that was never attached", async () => {
    const store = await open();
    await expect(store.putSnapshots(KEY, [snapshot("p1")])).rejects.toMatchObject({
      code: "unknown_database",
    });
    await store.close();
  });

  it("keeps connection metadata and refuses a token in it", async () => {
    const store = await open();
    await store.putConnection(connection());
    expect(await store.getConnection("conn-1")).toEqual(connection());
    await expect(
      store.putConnection(
        connection({ providerOptions: { header: "Bearer ntn_4c1Dq8ZbY7tP2wXk9LmN3vR6sQ0aE5fG1hJ2kL3mN4o" } }),
      ),
    ).rejects.toMatchObject({ code: "secret_in_metadata", message: expect.not.stringContaining("ntn_4c1") });
    await store.close();
  });

  it("removing a connection forgets its databases and links", async () => {
    const store = await open();
    await store.putConnection(connection());
    await store.updateDatabase(KEY, {});
    await store.updateDatabase(OTHER, {});
    await store.putSnapshots(KEY, [snapshot("p1")]);
    await store.removeConnection("conn-1");
    expect(await store.listConnections()).toEqual([]);
    expect(await store.listDatabases()).toHaveLength(1);
    expect(await store.findByLinkId("link-p1")).toBeNull();
    await store.close();
  });
});

describe("LowdbStateStore", () => {
  it("survives a restart: everything flushed is read back", async () => {
    const store = await LowdbStateStore.open(dir);
    await store.putConnection(connection());
    await store.updateDatabase(KEY, { watermark: "2026-01-01T10:00:00.000Z", fieldMap: defaultFieldMap() });
    await store.putSnapshots(KEY, [snapshot("p1")]);
    await store.close();

    const reopened = await LowdbStateStore.open(dir);
    expect((await reopened.getDatabase(KEY))?.watermark).toBe("2026-01-01T10:00:00.000Z");
    expect(await reopened.getSnapshot(KEY, "p1")).toEqual(snapshot("p1"));
    expect((await reopened.findByLinkId("link-p1"))?.key).toEqual(KEY);
    expect(await reopened.listConnections()).toEqual([connection()]);
  });

  it("writes a 10,000-row backfill in one file write, not 10,000", async () => {
    const store = await LowdbStateStore.open(dir, { flushDelayMs: 60_000 });
    await store.updateDatabase(KEY, {});
    for (let i = 0; i < 10_000; i++) await store.putSnapshots(KEY, [snapshot(`p${i}`)]);
    expect(store.writeCount).toBe(0);
    await store.flush();
    expect(store.writeCount).toBe(1);
    const onDisk = JSON.parse(await readFile(join(dir, STATE_FILE_NAME), "utf8"));
    expect(Object.keys(onDisk.databases["conn-1/ds-1"].rows)).toHaveLength(10_000);
    await store.flush();
    expect(store.writeCount).toBe(1);
  });

  it("writes pending changes by itself after the flush delay", async () => {
    const store = await LowdbStateStore.open(dir, { flushDelayMs: 5 });
    await store.updateDatabase(KEY, { watermark: "2026-02-02T00:00:00.000Z" });
    await vi.waitFor(async () => {
      const text = await readFile(join(dir, STATE_FILE_NAME), "utf8").catch(() => "");
      expect(text).toContain("2026-02-02T00:00:00.000Z");
    });
    expect(store.writeCount).toBe(1);
  });

  it("loses at most the unflushed window in a crash, never the whole file", async () => {
    const store = await LowdbStateStore.open(dir, { flushDelayMs: 60_000 });
    await store.updateDatabase(KEY, { watermark: "2026-01-01T10:00:00.000Z" });
    await store.flush();
    await store.updateDatabase(KEY, { watermark: "2026-01-01T11:00:00.000Z" });
    // A second process opening the file now sees what a crash right here would have left behind.
    const afterCrash = await LowdbStateStore.open(dir);
    expect((await afterCrash.getDatabase(KEY))?.watermark).toBe("2026-01-01T10:00:00.000Z");
  });

  it("reports a corrupt state file with a code and what to do", async () => {
    await writeFile(join(dir, STATE_FILE_NAME), "{oops");
    await expect(LowdbStateStore.open(dir)).rejects.toMatchObject({
      code: "state_corrupt",
      message: expect.stringContaining("Move it aside"),
    });
  });
});
