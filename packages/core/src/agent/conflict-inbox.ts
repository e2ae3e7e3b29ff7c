import type { ConflictEvent } from "../events/events";
import { JsonDocument, type JsonDocumentFormat, parseJson } from "../store/json-document";
import type { ConflictRecord } from "./agent-api";
import { AgentError } from "./agent-error";

/**
 * The agent's inbox of conflicts it saw, newest first, with what the user has acknowledged. The shared record of a
 * conflict is the row's comment and Conflict At column in Notion; this is one agent's reading list of it, kept in
 * `conflicts.json` (a JSON array) through the data directory's one JSON document store.
 */
export class ConflictInbox {
  private constructor(private readonly document: JsonDocument<readonly ConflictRecord[]>) {}

  static async open(path: string): Promise<ConflictInbox> {
    return new ConflictInbox(await JsonDocument.open(path, INBOX_FORMAT));
  }

  list(): readonly ConflictRecord[] {
    return this.document.data;
  }

  get unread(): number {
    return this.list().filter((r) => !r.acknowledged).length;
  }

  /**
   * Adds a conflict once: the same conflict id seen again (a replay, a second cycle) is not listed twice. Listed at
   * once; the returned promise resolves when the list is on disk.
   */
  add(conflict: ConflictEvent): Promise<void> {
    if (this.list().some((r) => r.conflictId === conflict.conflictId)) return this.document.flush();
    return this.document.set([{ ...conflict, acknowledged: false }, ...this.list()]);
  }

  async acknowledge(conflictId: string): Promise<boolean> {
    if (!this.list().some((r) => r.conflictId === conflictId)) return false;
    await this.document.set(
      this.list().map((r) => (r.conflictId === conflictId ? { ...r, acknowledged: true } : r)),
    );
    return true;
  }

  /** Resolves once every change is on disk. */
  flush(): Promise<void> {
    return this.document.flush();
  }
}

const INBOX_FORMAT: JsonDocumentFormat<readonly ConflictRecord[]> = {
  empty: () => [],
  parse: (text, path) => {
    const parsed = parseJson(text);
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
  },
};
