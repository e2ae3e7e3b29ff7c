import { readFile } from "node:fs/promises";
import type { QrImages } from "../engine/database-context";
import type { ColumnIds } from "../schema/drift";
import { isFileMissing, writeFileAtomic } from "../store/durable-file";
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
}

interface SettingsFile {
  readonly version: 1;
  readonly databases: readonly DatabaseSettings[];
}

export class DatabaseSettingsFile {
  private constructor(
    private readonly path: string,
    private databases: readonly DatabaseSettings[],
  ) {}

  static async open(path: string): Promise<DatabaseSettingsFile> {
    let text: string | null = null;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if (!isFileMissing(error)) throw error;
    }
    return new DatabaseSettingsFile(path, text === null ? [] : parseSettings(text, path));
  }

  list(): readonly DatabaseSettings[] {
    return this.databases;
  }

  get(id: string): DatabaseSettings | undefined {
    return this.databases.find((d) => d.id === id);
  }

  async put(settings: DatabaseSettings): Promise<void> {
    await this.save([...this.databases.filter((d) => d.id !== settings.id), settings]);
  }

  async remove(id: string): Promise<void> {
    await this.save(this.databases.filter((d) => d.id !== id));
  }

  private async save(databases: readonly DatabaseSettings[]): Promise<void> {
    const file: SettingsFile = { version: 1, databases };
    await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
    this.databases = databases;
  }
}

function parseSettings(text: string, path: string): readonly DatabaseSettings[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const file = parsed as Partial<SettingsFile> | null;
  if (file?.version !== 1 || !Array.isArray(file.databases)) {
    throw new AgentError(
      "settings_corrupt",
      `The database settings file ${path} is not in a format Linksync wrote. Restore it from a backup, or move it aside and attach the databases again.`,
    );
  }
  return file.databases;
}
