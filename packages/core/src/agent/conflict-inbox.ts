import { readFile } from "node:fs/promises";
import type { ConflictEvent } from "../events/events";
import { isFileMissing, writeFileAtomic } from "../store/durable-file";
import type { ConflictRecord } from "./agent-api";

/**
 * The agent's inbox of conflicts it saw, newest first, with what the user has acknowledged. The shared record of a
 * conflict is the row's comment and Conflict At column in Notion; this is one agent's reading list of it.
 */
export class ConflictInbox {
  private constructor(
    private readonly path: string,
    private records: readonly ConflictRecord[],
  ) {}

  static async open(path: string): Promise<ConflictInbox> {
    let records: ConflictRecord[] = [];
    try {
      records = JSON.parse(await readFile(path, "utf8")) as ConflictRecord[];
    } catch (error) {
      if (!isFileMissing(error)) throw error;
    }
    return new ConflictInbox(path, records);
  }

  list(): readonly ConflictRecord[] {
    return this.records;
  }

  get unread(): number {
    return this.records.filter((r) => !r.acknowledged).length;
  }

  /** Adds a conflict once: the same conflict id seen again (a replay, a second cycle) is not listed twice. */
  async add(conflict: ConflictEvent): Promise<void> {
    if (this.records.some((r) => r.conflictId === conflict.conflictId)) return;
    await this.save([{ ...conflict, acknowledged: false }, ...this.records]);
  }

  async acknowledge(conflictId: string): Promise<boolean> {
    if (!this.records.some((r) => r.conflictId === conflictId)) return false;
    await this.save(
      this.records.map((r) => (r.conflictId === conflictId ? { ...r, acknowledged: true } : r)),
    );
    return true;
  }

  private async save(records: readonly ConflictRecord[]): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(records)}\n`);
    this.records = records;
  }
}
