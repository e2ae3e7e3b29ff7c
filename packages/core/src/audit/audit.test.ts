import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  auditLogContract,
  sampleConflict,
  sampleRevoked,
  sampleWrite,
} from "../contracts/audit-log.contract";
import { CONTRACT_KNOWN_SECRET } from "../contracts/contract-subject";
import { filesText } from "../contracts/files-text";
import type { AuditEntry, WriteAuditEntry } from "./audit-entry";
import { csvCell, toCsv } from "./audit-export";
import { AuditLog, auditLogFiles, MemoryAuditLog } from "./audit-log";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-audit-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

auditLogContract("AuditLog (JSON Lines files)", async () => {
  const root = await mkdtemp(join(tmpdir(), "linksync-audit-contract-"));
  return {
    open: () => AuditLog.open(join(root, "audit.jsonl"), { secrets: () => [CONTRACT_KNOWN_SECRET] }),
    atRest: () => filesText(root),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe("AuditLog rotation", () => {
  it("rotates by size, keeps a bounded number of files, and still exports every kept entry in order", async () => {
    const path = join(dir, "audit.jsonl");
    const entryBytes = `${JSON.stringify(sampleWrite({ pageId: "page-00" }))}\n`.length;
    const log = await AuditLog.open(path, { maxFileBytes: entryBytes * 10, rotatedFiles: 3 });
    const entries = Array.from({ length: 45 }, (_, i) =>
      sampleWrite({ pageId: `page-${String(i).padStart(2, "0")}` }),
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
    await reopened.append(sampleWrite({ pageId: "after-reopen" }));
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
    const entries: AuditEntry[] = [sampleWrite({ title: "=cmd|' /C calc'!A0", from: null, to: "@evil" })];
    const [, row] = toCsv(entries).split("\r\n");
    expect(row).toContain(",'=cmd|' /C calc'!A0,");
    expect(row).toContain(",,'@evil,");
  });
});

describe("MemoryAuditLog", () => {
  it("answers the same filters as the file log", async () => {
    const log = new MemoryAuditLog();
    await log.append(sampleWrite(), sampleConflict, sampleRevoked);
    expect(await log.query({ kind: "connection" })).toEqual([sampleRevoked]);
    expect(await log.query({ databaseId: "db-1", text: "spring" })).toEqual([sampleWrite()]);
  });
});
