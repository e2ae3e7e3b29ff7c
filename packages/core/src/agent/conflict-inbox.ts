import { readFile } from "node:fs/promises";
import type { ConflictEvent } from "../events/events";
import { isFileMissing, writeFileAtomic } from "../store/durable-file";
import type { ConflictRecord } from "./agent-api";
import { AgentError } from "./agent-error";

/**
 * The agent's inbox of conflicts it saw, newest first, with what the user has acknowledged. The shared record of a
 * conflict is the row's comment and Conflict At column in Notion; this is one agent's reading list of it.
 */
export class ConflictInbox {
  /** Writes are serialized so the file always ends with the latest list. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private records: readonly ConflictRecord[],
  ) {}

  static async open(path: string): Promise<ConflictInbox> {
    let text: string | null = null;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if (!isFileMissing(error)) throw error;
    }
    return new ConflictInbox(path, text === null ? [] : parseRecords(text, path));
  }

  list(): readonly ConflictRecord[] {
    return this.records;
  }

  get unread(): number {
    return this.records.filter((r) => !r.acknowledged).length;
  }

  /**
   * Adds a conflict once: the same conflict id seen again (a replay, a second cycle) is not listed twice. Listed at
   * once; the returned promise resolves when the list is on disk.
   */
  add(conflict: ConflictEvent): Promise<void> {
    if (this.records.some((r) => r.conflictId === conflict.conflictId)) return this.writing;
    return this.save([{ ...conflict, acknowledged: false }, ...this.records]);
  }

  async acknowledge(conflictId: string): Promise<boolean> {
    if (!this.records.some((r) => r.conflictId === conflictId)) return false;
    await this.save(
      this.records.map((r) => (r.conflictId === conflictId ? { ...r, acknowledged: true } : r)),
    );
    return true;
  }

  private save(records: readonly ConflictRecord[]): Promise<void> {
    this.records = records;
    const write = () => writeFileAtomic(this.path, `${JSON.stringify(this.records)}\n`);
    // A failed write does not block the next one: each caller sees its own outcome.
    this.writing = this.writing.then(write, write);
    return this.writing;
  }

  /** Resolves once every change is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }
}

function parseRecords(text: string, path: string): readonly ConflictRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    !parsed.every((r) => typeof r === "object" && r !== null && "conflictId" in r)
  ) {
    throw new AgentError(
      "settings_corrupt",
      `The conflicts inbox ${path} is not in a format Linksync wrote. Move it aside: the conflicts stay recorded on their rows in Notion.`,
    );
  }
  return parsed as ConflictRecord[];
}
