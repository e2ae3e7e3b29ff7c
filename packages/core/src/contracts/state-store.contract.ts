import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import type { RowSnapshot } from "../rows/row";
import type { ConnectionRecord, DatabaseKey, StateStore } from "../store/state-store";
import { CONTRACT_TOKEN, type ContractSetup, type ContractSubject } from "./contract-subject";

const KEY: DatabaseKey = { connectionId: "conn-1", dataSourceId: "ds-1" };
const OTHER: DatabaseKey = { connectionId: "conn-2", dataSourceId: "ds-9" };

export function contractSnapshot(pageId: string, overrides: Partial<RowSnapshot> = {}): RowSnapshot {
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

export function contractConnection(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
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

/**
 * The `StateStore` contract: what the engine relies on, whichever storage keeps it (memory, the agent's files,
 * PostgreSQL on the server). Call it in a test file with a setup that opens a fresh store.
 */
export function stateStoreContract(name: string, setup: ContractSetup<StateStore>): void {
  describe(`StateStore contract: ${name}`, () => {
    let subject: ContractSubject<StateStore>;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it("keeps a database's clicks history, absent until the first refresh records one", async () => {
      const store = await subject.open();
      expect((await store.updateDatabase(KEY, { title: "Links" })).clicksHistory).toBeUndefined();
      const history = [{ at: "2026-01-01T10:00:00.000Z", total: 7 }];
      await store.updateDatabase(KEY, { clicksHistory: history });
      await store.updateDatabase(KEY, { watermark: "2026-01-01T10:05:00.000Z" });
      expect((await store.getDatabase(KEY))?.clicksHistory).toEqual(history);
      await store.close();
    });

    it("keeps watermark, provider cursor, pause and field map per database", async () => {
      const store = await subject.open();
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
      const store = await subject.open();
      await store.updateDatabase(KEY, {});
      await store.putSnapshots(KEY, [contractSnapshot("p1"), contractSnapshot("p2")]);
      expect((await store.getSnapshot(KEY, "p1"))?.linkId).toBe("link-p1");
      expect(await store.findByLinkId("link-p2")).toEqual({ key: KEY, snapshot: contractSnapshot("p2") });
      expect([...(await store.snapshots(KEY)).keys()].sort()).toEqual(["p1", "p2"]);

      await store.putSnapshots(KEY, [
        contractSnapshot("p1", { linkId: "link-new", destination: "https://b.example" }),
      ]);
      expect(await store.findByLinkId("link-p1")).toBeNull();
      expect((await store.findByLinkId("link-new"))?.snapshot.destination).toBe("https://b.example");

      await store.deleteSnapshot(KEY, "p2");
      expect(await store.getSnapshot(KEY, "p2")).toBeNull();
      expect(await store.findByLinkId("link-p2")).toBeNull();
      await store.close();
    });

    it("counts, scans and looks up a database's snapshots, across more than one page of a paged store", async () => {
      const store = await subject.open();
      await store.updateDatabase(KEY, {});
      await store.updateDatabase(OTHER, {});
      const ids = Array.from({ length: 1_001 }, (_, i) => `p${String(i).padStart(4, "0")}`);
      await store.putSnapshots(
        KEY,
        ids.map((id) => contractSnapshot(id)),
      );
      await store.putSnapshots(OTHER, [contractSnapshot("elsewhere")]);
      await store.deleteSnapshot(KEY, "p0500");
      expect(await store.countSnapshots(KEY)).toBe(1_000);
      const scanned: string[] = [];
      for await (const snapshot of store.eachSnapshot(KEY)) scanned.push(snapshot.pageId);
      expect(scanned.sort()).toEqual(ids.filter((id) => id !== "p0500"));
      const some = await store.getSnapshots(KEY, ["p0001", "p0500", "elsewhere", "p1000"]);
      expect([...some.keys()].sort()).toEqual(["p0001", "p1000"]);
      expect(some.get("p1000")).toEqual(contractSnapshot("p1000"));
      expect((await store.getSnapshots(KEY, [])).size).toBe(0);
      await store.removeDatabase(OTHER);
      expect(await store.countSnapshots(OTHER)).toBe(0);
      for await (const snapshot of store.eachSnapshot(OTHER)) expect.fail(`scanned ${snapshot.pageId}`);
      await store.close();
    });

    it("refuses snapshots for a database that was never attached", async () => {
      const store = await subject.open();
      await expect(store.putSnapshots(KEY, [contractSnapshot("p1")])).rejects.toMatchObject({
        code: "unknown_database",
      });
      await store.close();
    });

    it("keeps connection metadata and refuses a token in it, which never reaches storage", async () => {
      const store = await subject.open();
      await store.putConnection(contractConnection());
      expect(await store.getConnection("conn-1")).toEqual(contractConnection());
      await expect(
        store.putConnection(contractConnection({ providerOptions: { header: `Bearer ${CONTRACT_TOKEN}` } })),
      ).rejects.toMatchObject({
        code: "secret_in_metadata",
        message: expect.not.stringContaining("ntn_4c1"),
      });
      await store.close();
      expect(await subject.atRest()).not.toContain(CONTRACT_TOKEN);
    });

    it("removing a connection forgets its databases and links", async () => {
      const store = await subject.open();
      await store.putConnection(contractConnection());
      await store.updateDatabase(KEY, {});
      await store.updateDatabase(OTHER, {});
      await store.putSnapshots(KEY, [contractSnapshot("p1")]);
      await store.removeConnection("conn-1");
      expect(await store.listConnections()).toEqual([]);
      expect(await store.listDatabases()).toHaveLength(1);
      expect(await store.findByLinkId("link-p1")).toBeNull();
      await store.close();
    });

    it("a database removed and attached again starts with no rows", async () => {
      const store = await subject.open();
      await store.updateDatabase(KEY, { watermark: "2026-01-01T10:00:00.000Z" });
      await store.putSnapshots(KEY, [contractSnapshot("p1")]);
      await store.removeDatabase(KEY);
      expect(await store.getDatabase(KEY)).toBeNull();
      await store.updateDatabase(KEY, {});
      expect((await store.snapshots(KEY)).size).toBe(0);
      expect(await store.findByLinkId("link-p1")).toBeNull();
      await store.close();
    });

    it("survives a restart: everything flushed is read back", async () => {
      const store = await subject.open();
      await store.putConnection(contractConnection());
      await store.updateDatabase(KEY, { watermark: "2026-01-01T10:00:00.000Z", fieldMap: defaultFieldMap() });
      await store.putSnapshots(KEY, [contractSnapshot("p1"), contractSnapshot("p2")]);
      await store.deleteSnapshot(KEY, "p2");
      await store.flush();
      await store.close();

      const reopened = await subject.open();
      expect((await reopened.getDatabase(KEY))?.watermark).toBe("2026-01-01T10:00:00.000Z");
      expect((await reopened.getDatabase(KEY))?.fieldMap).toEqual(defaultFieldMap());
      expect(await reopened.getSnapshot(KEY, "p1")).toEqual(contractSnapshot("p1"));
      expect(await reopened.getSnapshot(KEY, "p2")).toBeNull();
      expect((await reopened.findByLinkId("link-p1"))?.key).toEqual(KEY);
      expect(await reopened.listConnections()).toEqual([contractConnection()]);
      await reopened.close();
    });
  });
}
