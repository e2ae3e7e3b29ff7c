import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JsonDocument, type JsonDocumentFormat, parseJson } from "./json-document";

interface Notes {
  readonly version: 2;
  readonly notes: string[];
}

class NotesCorrupt extends Error {}

/** Version 1 held a bare array; version 2 wraps it. */
const NOTES: JsonDocumentFormat<Notes> = {
  empty: () => ({ version: 2, notes: [] }),
  parse: (text) => {
    const parsed = parseJson(text);
    if (Array.isArray(parsed)) return { version: 2, notes: parsed as string[] };
    const file = parsed as Partial<Notes> | undefined;
    if (file?.version === 2 && Array.isArray(file.notes)) return { version: 2, notes: file.notes };
    throw new NotesCorrupt("not a notes file");
  },
};

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-json-document-"));
  path = join(dir, "notes.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("JsonDocument", () => {
  it("starts empty without a file, and keeps every change across a reopen, owner-only", async () => {
    const doc = await JsonDocument.open(path, NOTES);
    expect(doc.data).toEqual({ version: 2, notes: [] });
    await doc.change((data) => {
      data.notes.push("a");
    });
    await doc.set({ version: 2, notes: [...doc.data.notes, "b"] });

    expect((await JsonDocument.open(path, NOTES)).data.notes).toEqual(["a", "b"]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["notes.json"]);
  });

  it("applies changes at once and writes them in the order they were made", async () => {
    const doc = await JsonDocument.open(path, NOTES);
    const writes = Array.from({ length: 20 }, (_, i) =>
      doc.change((data) => {
        data.notes.push(String(i));
      }),
    );
    expect(doc.data.notes).toHaveLength(20);
    await Promise.all(writes);
    expect(JSON.parse(await readFile(path, "utf8")).notes).toEqual(writes.map((_, i) => String(i)));
  });

  it("migrates an older version on read and refuses a file it did not write with the format's own error", async () => {
    await writeFile(path, JSON.stringify(["old"]));
    expect((await JsonDocument.open(path, NOTES)).data).toEqual({ version: 2, notes: ["old"] });
    await writeFile(path, "{not json");
    await expect(JsonDocument.open(path, NOTES)).rejects.toBeInstanceOf(NotesCorrupt);
  });

  it("replaces the file whole: a reader never sees a half-written document", async () => {
    const doc = await JsonDocument.open(path, NOTES);
    await doc.set({ version: 2, notes: [] });
    const big = "x".repeat(200_000);
    let writing = true;
    const reads: unknown[] = [];
    const reader = (async () => {
      while (writing) reads.push(NOTES.parse(await readFile(path, "utf8"), path));
    })();
    for (let i = 0; i < 30; i++) await doc.set({ version: 2, notes: [`${i}${big}`] });
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
  });

  it("tells a failed write to its caller and goes on with the next one", async () => {
    const nested = join(dir, "later", "notes.json");
    const doc = await JsonDocument.open(nested, NOTES);
    await expect(doc.set({ version: 2, notes: ["first"] })).rejects.toThrow();
    await mkdir(join(dir, "later"));
    await doc.set({ version: 2, notes: ["first", "second"] });
    expect((await JsonDocument.open(nested, NOTES)).data.notes).toEqual(["first", "second"]);
  });
});
