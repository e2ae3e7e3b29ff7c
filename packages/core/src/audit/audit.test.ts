import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry, ConflictAuditEntry, ConnectionAuditEntry, WriteAuditEntry } from "./audit-entry";
import { csvCell, toCsv } from "./audit-export";
import { AuditLog, auditLogFiles, MemoryAuditLog } from "./audit-log";

const TOKEN = "ntn_4c1Dq8ZbY7tP2wXk9LmN3vR6sQ0aE5fG1hJ2kL3mN4o";

function write(overrides: Partial<WriteAuditEntry> = {}): WriteAuditEntry {
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

const conflict: ConflictAuditEntry = {
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

const revoked: ConnectionAuditEntry = {
  kind: "connection",
  at: "2026-03-01T12:00:00.000Z",
  connectionId: "conn-1",
  databaseId: null,
  change: "revoked",
  reason: "Notion answered 401 unauthorized",
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-audit-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("AuditLog", () => {
  it("appends entries durably and reads them back after reopening, oldest first", async () => {
    const path = join(dir, "audit.jsonl");
    const log = await AuditLog.open(path);
    await log.append(write());
    await log.append(conflict, revoked);
    await log.close();
    const reopened = await AuditLog.open(path);
    expect(await reopened.query()).toEqual([write(), conflict, revoked]);
    await reopened.append(write({ pageId: "page-2" }));
    expect((await reopened.query()).at(-1)).toMatchObject({ pageId: "page-2" });
    expect((await readFile(path, "utf8")).trim().split("\n")).toHaveLength(4);
  });

  it("filters by database, kind, time window and text, and limits to the newest", async () => {
    const log = await AuditLog.open(join(dir, "audit.jsonl"));
    await log.append(
      write(),
      write({ at: "2026-03-02T00:00:00.000Z", title: "Black Friday" }),
      conflict,
      revoked,
    );
    expect(await log.query({ databaseId: "db-2" })).toEqual([conflict]);
    expect((await log.query({ kind: ["conflict", "connection"] })).map((e) => e.kind)).toEqual([
      "conflict",
      "connection",
    ]);
    expect((await log.query({ since: "2026-03-01T11:00:00Z" })).map((e) => e.at)).toEqual([
      "2026-03-02T00:00:00.000Z",
      conflict.at,
      revoked.at,
    ]);
    expect(await log.query({ until: "2026-03-01T10:30:00Z" })).toEqual([write()]);
    expect(await log.query({ text: "black friday" })).toMatchObject([{ title: "Black Friday" }]);
    expect(await log.query({ text: "ZAP.example" })).toEqual([conflict]);
    expect((await log.query({ limit: 2 })).map((e) => e.kind)).toEqual(["conflict", "connection"]);
    await log.close();
  });

  it("never writes a secret, whether known to the vault or shaped like a token", async () => {
    const path = join(dir, "audit.jsonl");
    const log = await AuditLog.open(path, { secrets: () => ["lsk_provider_key_123"] });
    await log.append(
      write({ title: `pasted ${TOKEN}`, to: "https://x.example/?api_key=lsk_provider_key_123" }),
      { ...revoked, reason: "401 for Bearer lsk_provider_key_123" },
    );
    await log.close();
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("lsk_provider_key_123");
    expect(text).toContain("[REDACTED]");
  });

  it("exports JSON Lines that parse back to the entries and CSV with a header", async () => {
    const log = await AuditLog.open(join(dir, "audit.jsonl"));
    await log.append(write(), conflict, revoked);
    const jsonl = await log.export("jsonl");
    expect(
      jsonl
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([write(), conflict, revoked]);
    const csv = await log.export("csv", { kind: "conflict" });
    expect(csv).toBe(
      "at,kind,connection,database,page,title,column,old,new,reason,source,detail\r\n" +
        "2026-03-01T11:00:00.000Z,conflict,conn-1,db-2,page-7,Webinar,Destination,https://zap.example,https://a.example," +
        "both sides changed since the last sync: Notion wins,zapier,cf-123\r\n",
    );
    await log.close();
  });
});

describe("AuditLog rotation", () => {
  it("rotates by size, keeps a bounded number of files, and still exports every kept entry in order", async () => {
    const path = join(dir, "audit.jsonl");
    const entryBytes = `${JSON.stringify(write({ pageId: "page-00" }))}\n`.length;
    const log = await AuditLog.open(path, { maxFileBytes: entryBytes * 10, rotatedFiles: 3 });
    const entries = Array.from({ length: 45 }, (_, i) =>
      write({ pageId: `page-${String(i).padStart(2, "0")}` }),
    );
    // Concurrent appends, as the engine makes them: none lost or reordered across a rotation.
    await Promise.all(entries.map((entry) => log.append(entry)));
    await log.close();

    expect((await readdir(dir)).sort()).toEqual([
      "audit.1.jsonl",
      "audit.2.jsonl",
      "audit.3.jsonl",
      "audit.jsonl",
    ]);
    for (const file of await auditLogFiles(path)) {
      expect((await stat(file)).size).toBeLessThanOrEqual(entryBytes * 10);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    const reopened = await AuditLog.open(path, { maxFileBytes: entryBytes * 10, rotatedFiles: 3 });
    // 45 entries, 10 per file, 3 rotated files kept beside the live one: the oldest 10 went with a fourth rotated file.
    const kept = entries.slice(10);
    expect(await reopened.query()).toEqual(kept);
    const exported = (await reopened.export("jsonl")).trim().split("\n");
    expect(exported.map((line) => (JSON.parse(line) as WriteAuditEntry).pageId)).toEqual(
      kept.map((e) => e.pageId),
    );
    expect((await reopened.export("csv")).trim().split("\r\n")).toHaveLength(kept.length + 1);
    await reopened.append(write({ pageId: "after-reopen" }));
    expect((await reopened.query()).at(-1)?.kind).toBe("write");
    await reopened.close();
  });
});

describe("CSV export", () => {
  it.each([
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+1 555", "'+1 555"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    [" padded ", '" padded "'],
    ["plain", "plain"],
    ["", ""],
  ])("quotes and guards %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("guards formulas in every column, including titles typed by users", () => {
    const entries: AuditEntry[] = [write({ title: "=cmd|' /C calc'!A0", from: null, to: "@evil" })];
    const [, row] = toCsv(entries).split("\r\n");
    expect(row).toContain(",'=cmd|' /C calc'!A0,");
    expect(row).toContain(",,'@evil,");
  });
});

describe("MemoryAuditLog", () => {
  it("answers the same filters as the file log", async () => {
    const log = new MemoryAuditLog();
    await log.append(write(), conflict, revoked);
    expect(await log.query({ kind: "connection" })).toEqual([revoked]);
    expect(await log.query({ databaseId: "db-1", text: "spring" })).toEqual([write()]);
  });
});
