import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  AuditEntry,
  AuditFilter,
  AuditReader,
  AuditWriter,
  ConflictAuditEntry,
  ConnectionAuditEntry,
  WriteAuditEntry,
} from "../audit/audit-entry";
import type { AuditExportFormat } from "../audit/audit-export";
import {
  CONTRACT_KNOWN_SECRET,
  CONTRACT_TOKEN,
  type ContractSetup,
  type ContractSubject,
} from "./contract-subject";

/** An audit log as surfaces use it: append, query, export, close. */
export interface AuditLogPort extends AuditWriter, AuditReader {
  export(format: AuditExportFormat, filter?: AuditFilter): Promise<string>;
  close(): Promise<void>;
}

/** A write entry with `overrides`: the contract's sample, for the hosts' own tests too. */
export function sampleWrite(overrides: Partial<WriteAuditEntry> = {}): WriteAuditEntry {
  return {
    kind: "write",
    at: "2026-03-01T10:00:00.000Z",
    connectionId: "conn-1",
    databaseId: "db-1",
    pageId: "page-1",
    title: "Spring launch",
    target: "provider",
    column: "Destination",
    from: "https://a.example",
    to: "https://b.example",
    reason: "Destination edited in Notion",
    source: "notion",
    ...overrides,
  };
}

export const sampleConflict: ConflictAuditEntry = {
  kind: "conflict",
  at: "2026-03-01T11:00:00.000Z",
  connectionId: "conn-1",
  databaseId: "db-2",
  pageId: "page-7",
  title: "Webinar",
  conflictId: "cf-123",
  column: "Destination",
  kept: "https://a.example",
  dropped: "https://zap.example",
  droppedSource: "zapier",
};

export const sampleRevoked: ConnectionAuditEntry = {
  kind: "connection",
  at: "2026-03-01T12:00:00.000Z",
  connectionId: "conn-1",
  databaseId: null,
  change: "revoked",
  reason: "Notion answered 401 unauthorized",
};

/** The audit log contract. The setup opens the log with `secrets: () => [CONTRACT_KNOWN_SECRET]`. */
export function auditLogContract(name: string, setup: ContractSetup<AuditLogPort>): void {
  describe(`Audit log contract: ${name}`, () => {
    let subject: ContractSubject<AuditLogPort>;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it("appends entries durably and reads them back after reopening, oldest first", async () => {
      const log = await subject.open();
      await log.append(sampleWrite());
      await log.append(sampleConflict, sampleRevoked);
      await log.close();
      const reopened = await subject.open();
      expect(await reopened.query()).toEqual([sampleWrite(), sampleConflict, sampleRevoked]);
      await reopened.append(sampleWrite({ pageId: "page-2" }));
      expect((await reopened.query()).at(-1)).toMatchObject({ pageId: "page-2" });
      expect(await reopened.query()).toHaveLength(4);
      await reopened.close();
    });

    it("filters by database, kind, time window and text, and limits to the newest", async () => {
      const log = await subject.open();
      await log.append(
        sampleWrite(),
        sampleWrite({ at: "2026-03-02T00:00:00.000Z", title: "Black Friday" }),
        sampleConflict,
        sampleRevoked,
      );
      expect(await log.query({ databaseId: "db-2" })).toEqual([sampleConflict]);
      expect((await log.query({ kind: ["conflict", "connection"] })).map((e) => e.kind)).toEqual([
        "conflict",
        "connection",
      ]);
      expect((await log.query({ since: "2026-03-01T11:00:00Z" })).map((e) => e.at)).toEqual([
        "2026-03-02T00:00:00.000Z",
        sampleConflict.at,
        sampleRevoked.at,
      ]);
      expect(await log.query({ until: "2026-03-01T10:30:00Z" })).toEqual([sampleWrite()]);
      expect(await log.query({ text: "black friday" })).toMatchObject([{ title: "Black Friday" }]);
      expect(await log.query({ text: "ZAP.example" })).toEqual([sampleConflict]);
      expect((await log.query({ limit: 2 })).map((e) => e.kind)).toEqual(["conflict", "connection"]);
      await log.close();
    });

    it("never stores a secret, whether known to the host or shaped like a token", async () => {
      const log = await subject.open();
      await log.append(
        sampleWrite({
          title: `pasted ${CONTRACT_TOKEN}`,
          to: `https://x.example/?api_key=${CONTRACT_KNOWN_SECRET}`,
        }),
        { ...sampleRevoked, reason: `401 for Bearer ${CONTRACT_KNOWN_SECRET}` },
      );
      const read: readonly AuditEntry[] = await log.query();
      await log.close();
      const text = await subject.atRest();
      expect(text).not.toContain(CONTRACT_TOKEN);
      expect(text).not.toContain(CONTRACT_KNOWN_SECRET);
      expect(JSON.stringify(read)).toContain("[REDACTED]");
    });

    it("exports JSON Lines that parse back to the entries and CSV with a header", async () => {
      const log = await subject.open();
      await log.append(sampleWrite(), sampleConflict, sampleRevoked);
      const jsonl = await log.export("jsonl");
      expect(
        jsonl
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line)),
      ).toEqual([sampleWrite(), sampleConflict, sampleRevoked]);
      const csv = await log.export("csv", { kind: "conflict" });
      expect(csv).toBe(
        "at,kind,connection,database,page,title,column,old,new,reason,source,detail\r\n" +
          "2026-03-01T11:00:00.000Z,conflict,conn-1,db-2,page-7,Webinar,Destination,https://zap.example,https://a.example," +
          "both sides changed since the last sync: Notion wins,zapier,cf-123\r\n",
      );
      await log.close();
    });
  });
}
