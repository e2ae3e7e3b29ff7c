import { readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { sanitize } from "../secrets/redaction";
import { isFileMissing } from "../store/durable-file";
import { JsonLinesFile, readJsonLines } from "../store/json-lines-file";
import {
  AUDIT_KINDS,
  type AuditEntry,
  type AuditFilter,
  type AuditReader,
  type AuditWriter,
  filterAuditEntries,
} from "./audit-entry";
import { type AuditExportFormat, exportAudit } from "./audit-export";

/** The audit log's file name in an agent data directory. */
export const AUDIT_FILE_NAME = "audit.jsonl";

/** Size at which `audit.jsonl` is rotated (about 7,000 synced rows' worth of entries). */
export const DEFAULT_AUDIT_FILE_BYTES = 16 * 1024 * 1024;
/** Rotated files kept beside the live one; the oldest beyond them is deleted. */
export const DEFAULT_AUDIT_ROTATED_FILES = 8;

export interface AuditLogOptions {
  /** The secrets Linksync currently holds (e.g. `vault.values()`), redacted from every field before writing. */
  readonly secrets?: () => readonly string[];
  /** The live file is rotated before an append would take it past this size. Default 16 MiB. */
  readonly maxFileBytes?: number;
  /** How many rotated files (`audit.1.jsonl` newest … `audit.N.jsonl` oldest) are kept. Default 8. */
  readonly rotatedFiles?: number;
}

/**
 * The audit log: an append-only JSON Lines file, one entry per line, each fsynced before `append` resolves. Every
 * string field is passed through the secret redaction first, so a token pasted into a row title or echoed in an
 * error never reaches the file. Rotated by size (`audit.jsonl` → `audit.1.jsonl` → `audit.2.jsonl` …, a bounded
 * number kept); queries and exports read the rotated files too, oldest first.
 */
export class AuditLog implements AuditWriter, AuditReader {
  /** The latest rotation, never rejecting: appends made after it wait for it and go to the new file. */
  private rotation: Promise<void> = Promise.resolve();

  private constructor(
    private file: JsonLinesFile,
    private size: number,
    private readonly secrets: () => readonly string[],
    private readonly maxFileBytes: number,
    private readonly rotatedFiles: number,
  ) {}

  static async open(path: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    const file = await JsonLinesFile.open(path);
    return new AuditLog(
      file,
      (await stat(path)).size,
      options.secrets ?? (() => []),
      options.maxFileBytes ?? DEFAULT_AUDIT_FILE_BYTES,
      options.rotatedFiles ?? DEFAULT_AUDIT_ROTATED_FILES,
    );
  }

  append(...entries: readonly AuditEntry[]): Promise<void> {
    const secrets = this.secrets();
    const values = entries.map((entry) => redactAuditEntry(entry, secrets));
    const bytes = values.reduce<number>(
      (total, value) => total + Buffer.byteLength(JSON.stringify(value)) + 1,
      0,
    );
    let ready = this.rotation;
    if (this.size > 0 && this.size + bytes > this.maxFileBytes) {
      // Decided synchronously, so appends made before this one land in the old file and later ones in the new.
      ready = this.rotation.then(() => this.rotate());
      this.rotation = ready.catch(() => undefined);
      this.size = 0;
    }
    this.size += bytes;
    return ready.then(() => this.file.append(values));
  }

  async query(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    return filterAuditEntries(this.entries(), filter);
  }

  async export(format: AuditExportFormat, filter: AuditFilter = {}): Promise<string> {
    return exportAudit(await this.query(filter), format);
  }

  async close(): Promise<void> {
    await this.rotation;
    await this.file.close();
  }

  /** Closes the live file once its appends are on disk, shifts every rotated file up one, and starts a new one. */
  private async rotate(): Promise<void> {
    const path = this.file.path;
    await this.file.close();
    try {
      await rm(rotatedAuditPath(path, this.rotatedFiles), { force: true });
      for (let n = this.rotatedFiles - 1; n >= 1; n--)
        await renameIfPresent(rotatedAuditPath(path, n), rotatedAuditPath(path, n + 1));
      await rename(path, rotatedAuditPath(path, 1));
    } finally {
      this.file = await JsonLinesFile.open(path);
    }
  }

  private async *entries(): AsyncGenerator<AuditEntry> {
    for (const path of await auditLogFiles(this.file.path)) {
      // Kinds a newer Linksync wrote are left out of the answer rather than failing the whole query.
      for await (const { value } of readJsonLines(path)) if (isAuditEntry(value)) yield value;
    }
  }
}

/** `audit.jsonl` → `audit.3.jsonl`: the name of the n-th newest rotated file. */
export function rotatedAuditPath(path: string, n: number): string {
  return `${stem(path)}.${n}.jsonl`;
}

/** Every file of the audit log at `path` that exists, oldest first (rotated ones, then the live one). */
export async function auditLogFiles(path: string): Promise<readonly string[]> {
  let names: readonly string[];
  try {
    names = await readdir(dirname(path));
  } catch (error) {
    if (isFileMissing(error)) return [];
    throw error;
  }
  const prefix = `${basename(stem(path))}.`;
  const rotated = names
    .filter((name) => name.startsWith(prefix) && /^[1-9]\d*\.jsonl$/.test(name.slice(prefix.length)))
    .map((name) => ({ n: Number.parseInt(name.slice(prefix.length), 10), path: join(dirname(path), name) }))
    .sort((a, b) => b.n - a.n)
    .map((file) => file.path);
  return names.includes(basename(path)) ? [...rotated, path] : rotated;
}

function stem(path: string): string {
  return path.endsWith(".jsonl") ? path.slice(0, -".jsonl".length) : path;
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (!isFileMissing(error)) throw error;
  }
}

/** An in-memory audit log for pure tests of the engine. */
export class MemoryAuditLog implements AuditWriter, AuditReader {
  private readonly log: AuditEntry[] = [];

  async append(...entries: readonly AuditEntry[]): Promise<void> {
    this.log.push(...entries.map((entry) => redactAuditEntry(entry, [])));
  }

  async query(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    return filterAuditEntries(this.log, filter);
  }
}

/** The entry with every string field passed through the secret redaction: what any audit log stores. */
export function redactAuditEntry(entry: AuditEntry, secrets: readonly string[]): AuditEntry {
  const redacted = Object.entries(entry).map(([key, value]) => [
    key,
    typeof value === "string" ? sanitize(value, secrets) : value,
  ]);
  return Object.fromEntries(redacted) as AuditEntry;
}

/** Whether a stored value is an entry of a kind this version knows (newer kinds are left out of answers). */
export function isAuditEntry(value: unknown): value is AuditEntry {
  if (typeof value !== "object" || value === null || !("kind" in value) || !("at" in value)) return false;
  return (AUDIT_KINDS as readonly unknown[]).includes(value.kind) && typeof value.at === "string";
}
