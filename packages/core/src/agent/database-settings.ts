import type { QrImages } from "../engine/database-context";
import type { ColumnIds } from "../schema/drift";
import { JsonDocument, type JsonDocumentFormat, parseJson } from "../store/json-document";
import { AgentError } from "./agent-error";

/**
 * What the agent remembers of an attached database beyond its sync state (which lives in the `StateStore`): how
 * to show it and how often to sync it. Nothing here is secret.
 */
export interface DatabaseSettings {
  /** The agent's id for the database, `<connection id>/<data source id>`. */
  readonly id: string;
  readonly connectionId: string;
  readonly dataSourceId: string;
  readonly databaseId: string;
  readonly title: string;
  readonly url: string;
  readonly pollIntervalMs: number;
  /** Property ids by role when the field map was saved: tells a renamed column from a deleted one. */
  readonly columnIds: ColumnIds;
  /** How the QR column gets its image (`DatabaseContext.qrImages`); absent means `auto`. */
  readonly qrImages?: QrImages;
  /** Synced here although the Linksync Server runs it too: the user chose so (`AttachInput.runHereToo`). */
  readonly runHereToo?: boolean;
}

interface SettingsFile {
  readonly version: 1;
  readonly databases: readonly DatabaseSettings[];
}

/** `databases.json`: one entry per attached database, through the data directory's one JSON document store. */
export class DatabaseSettingsFile {
  private constructor(private readonly document: JsonDocument<SettingsFile>) {}

  static async open(path: string): Promise<DatabaseSettingsFile> {
    return new DatabaseSettingsFile(await JsonDocument.open(path, SETTINGS_FORMAT));
  }

  list(): readonly DatabaseSettings[] {
    return this.document.data.databases;
  }

  get(id: string): DatabaseSettings | undefined {
    return this.list().find((d) => d.id === id);
  }

  put(settings: DatabaseSettings): Promise<void> {
    return this.save([...this.list().filter((d) => d.id !== settings.id), settings]);
  }

  remove(id: string): Promise<void> {
    return this.save(this.list().filter((d) => d.id !== id));
  }

  private save(databases: readonly DatabaseSettings[]): Promise<void> {
    return this.document.set({ version: 1, databases });
  }
}

const SETTINGS_FORMAT: JsonDocumentFormat<SettingsFile> = {
  empty: () => ({ version: 1, databases: [] }),
  parse: (text, path) => {
    const file = parseJson(text) as Partial<SettingsFile> | null | undefined;
    if (file?.version !== 1 || !Array.isArray(file.databases)) {
      throw new AgentError(
        "settings_corrupt",
        `The database settings file ${path} is not in a format Linksync wrote. Restore it from a backup, or move it aside and attach the databases again.`,
      );
    }
    return { version: 1, databases: file.databases };
  },
  stringify: (file) => `${JSON.stringify(file, null, 2)}\n`,
};
