import { readFile } from "node:fs/promises";
import { type Adapter, Low } from "lowdb";
import { isFileMissing, PRIVATE_FILE_MODE, writeFileAtomic } from "./durable-file";

/** How one small JSON document is kept in its file. */
export interface JsonDocumentFormat<T> {
  /** The document while its file does not exist yet. */
  readonly empty: () => T;
  /**
   * The file's text as the current document, an older version migrated on the way; anything Linksync did not
   * write throws the document's own "corrupt" error, which says what to do.
   */
  readonly parse: (text: string, path: string) => T;
  /** Default: compact JSON and a newline. */
  readonly stringify?: (data: T) => string;
}

/**
 * lowdb's adapter for a file of the data directory: read (absent: `null`, so lowdb keeps the empty document) and
 * parsed by the document's format; written whole with `writeFileAtomic` (a 0600 temporary file, fsynced, renamed
 * over the old one, the directory fsynced), so a crash leaves the old document or the new one, never a mix, and no
 * version is ever readable by others.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly path: string,
    private readonly format: JsonDocumentFormat<T>,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if (isFileMissing(error)) return null;
      throw error;
    }
    return this.format.parse(text, this.path);
  }

  write(data: T): Promise<void> {
    const stringify = this.format.stringify ?? jsonLine;
    return writeFileAtomic(this.path, stringify(data), PRIVATE_FILE_MODE);
  }
}

/**
 * One small JSON document of the agent's data directory (database settings, the conflicts inbox, the webhooks),
 * held in memory by lowdb and written whole on every change. A change is applied at once and written in the order
 * changes were made; its promise resolves once the file holds it, and a failed write reaches that caller without
 * blocking the next one.
 */
export class JsonDocument<T> {
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly db: Low<T>) {}

  /** Reads the document, or starts from the empty one when the file does not exist. */
  static async open<T>(path: string, format: JsonDocumentFormat<T>): Promise<JsonDocument<T>> {
    const db = new Low<T>(new DurableJsonFile(path, format), format.empty());
    await db.read();
    return new JsonDocument(db);
  }

  get data(): T {
    return this.db.data;
  }

  /** Changes the document in place now; resolves once the file holds the change. */
  change(mutate: (data: T) => void): Promise<void> {
    mutate(this.db.data);
    return this.write();
  }

  /** Replaces the document now; resolves once the file holds it. */
  set(data: T): Promise<void> {
    this.db.data = data;
    return this.write();
  }

  /** Resolves once every change made so far was written (or failed, which its own caller was told). */
  flush(): Promise<void> {
    return this.writes;
  }

  private write(): Promise<void> {
    // Each write starts after the one before and writes the document as it is then: later changes included.
    const written = this.writes.then(() => this.db.write());
    this.writes = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  }
}

/** `undefined` for text that is not JSON, so a format answers every bad file with its one clear "corrupt" error. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function jsonLine(data: unknown): string {
  return `${JSON.stringify(data)}\n`;
}
