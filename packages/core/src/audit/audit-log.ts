import { sanitize } from "../secrets/redaction";
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

export interface AuditLogOptions {
  /** The secrets Linksync currently holds (e.g. `vault.values()`), redacted from every field before writing. */
  readonly secrets?: () => readonly string[];
}

/**
 * The audit log: an append-only JSON Lines file, one entry per line, each fsynced before `append` resolves. Every
 * string field is passed through the secret redaction first, so a token pasted into a row title or echoed in an
 * error never reaches the file.
 */
export class AuditLog implements AuditWriter, AuditReader {
  private constructor(
    private readonly file: JsonLinesFile,
    private readonly secrets: () => readonly string[],
  ) {}

  static async open(path: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    return new AuditLog(await JsonLinesFile.open(path), options.secrets ?? (() => []));
  }

  async append(...entries: readonly AuditEntry[]): Promise<void> {
    const secrets = this.secrets();
    await this.file.append(entries.map((entry) => redactEntry(entry, secrets)));
  }

  async query(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    return filterAuditEntries(this.entries(), filter);
  }

  async export(format: AuditExportFormat, filter: AuditFilter = {}): Promise<string> {
    return exportAudit(await this.query(filter), format);
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  private async *entries(): AsyncGenerator<AuditEntry> {
    // Kinds a newer Linksync wrote are left out of the answer rather than failing the whole query.
    for await (const { value } of readJsonLines(this.file.path)) if (isAuditEntry(value)) yield value;
  }
}

/** An in-memory audit log for pure tests of the engine. */
export class MemoryAuditLog implements AuditWriter, AuditReader {
  private readonly log: AuditEntry[] = [];

  async append(...entries: readonly AuditEntry[]): Promise<void> {
    this.log.push(...entries.map((entry) => redactEntry(entry, [])));
  }

  async query(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    return filterAuditEntries(this.log, filter);
  }
}

function redactEntry(entry: AuditEntry, secrets: readonly string[]): AuditEntry {
  const redacted = Object.entries(entry).map(([key, value]) => [
    key,
    typeof value === "string" ? sanitize(value, secrets) : value,
  ]);
  return Object.fromEntries(redacted) as AuditEntry;
}

function isAuditEntry(value: unknown): value is AuditEntry {
  if (typeof value !== "object" || value === null || !("kind" in value) || !("at" in value)) return false;
  return (AUDIT_KINDS as readonly unknown[]).includes(value.kind) && typeof value.at === "string";
}
