import { createReadStream } from "node:fs";
import { type FileHandle, open, stat, truncate } from "node:fs/promises";
import { createInterface } from "node:readline";
import { LinksyncError } from "@linksync/link-contract";
import { isFileMissing, PRIVATE_FILE_MODE, writeFileAtomic } from "./durable-file";

type Operation =
  | { readonly kind: "append"; readonly text: string; readonly done: Settle }
  | { readonly kind: "rewrite"; readonly content: string | AsyncIterable<string>; readonly done: Settle };

interface Settle {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * An append-only file of JSON values, one per line, shared by the outbox and the audit log.
 *
 * Appends are durable when their promise resolves (written and fdatasynced). Appends made while a write is in flight
 * are committed together in the next write ("group commit"), so many concurrent callers cost one fsync, not one each.
 * A crash can only leave a torn last line (a write never acknowledged); `open` cuts it off so the next append starts
 * on a clean line.
 */
export class JsonLinesFile {
  private readonly queue: Operation[] = [];
  private draining = false;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
  ) {}

  static async open(path: string): Promise<JsonLinesFile> {
    await cutTornTail(path);
    const handle = await open(path, "a", PRIVATE_FILE_MODE);
    // A file an older Linksync created 0644 is narrowed too.
    await handle.chmod(PRIVATE_FILE_MODE);
    return new JsonLinesFile(path, handle);
  }

  /** Appends `values` as consecutive lines; resolves once they are on disk. */
  append(values: readonly unknown[]): Promise<void> {
    if (values.length === 0) return Promise.resolve();
    const text = values.map((value) => `${JSON.stringify(value)}\n`).join("");
    return this.enqueue((done) => ({ kind: "append", text, done }));
  }

  /** Replaces the whole file with `values` atomically (compaction), ordered after every earlier append. */
  rewrite(values: readonly unknown[]): Promise<void> {
    const content = values.map((value) => `${JSON.stringify(value)}\n`).join("");
    return this.enqueue((done) => ({ kind: "rewrite", content, done }));
  }

  /**
   * Like `rewrite`, for a file too large to serialize in one step: `chunks` (complete lines) is consumed only when the
   * rewrite's turn comes, one chunk at a time, so its producer can read the latest state and the event loop keeps
   * turning between chunks.
   */
  rewriteChunks(chunks: AsyncIterable<string>): Promise<void> {
    return this.enqueue((done) => ({ kind: "rewrite", content: chunks, done }));
  }

  async close(): Promise<void> {
    await this.enqueue((done) => ({ kind: "append", text: "", done }));
    await this.handle.close();
  }

  private enqueue(make: (done: Settle) => Operation): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push(make({ resolve, reject }));
      if (!this.draining) void this.drain();
    });
  }

  /** Runs queued operations in order; consecutive appends become one write and one fsync. Never rejects. */
  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const first = this.queue[0]!;
      const batch = first.kind === "rewrite" ? this.queue.splice(0, 1) : this.takeAppends();
      try {
        if (first.kind === "rewrite") await this.replaceWith(first.content);
        else await this.appendText(batch.map((op) => (op.kind === "append" ? op.text : "")).join(""));
        for (const op of batch) op.done.resolve();
      } catch (error) {
        for (const op of batch) op.done.reject(error);
      }
    }
    this.draining = false;
  }

  private takeAppends(): Operation[] {
    const end = this.queue.findIndex((op) => op.kind !== "append");
    return this.queue.splice(0, end === -1 ? this.queue.length : end);
  }

  private async appendText(text: string): Promise<void> {
    if (text.length === 0) return;
    await this.handle.writeFile(text);
    await this.handle.datasync();
  }

  private async replaceWith(content: string | AsyncIterable<string>): Promise<void> {
    await writeFileAtomic(this.path, content);
    const previous = this.handle;
    this.handle = await open(this.path, "a", PRIVATE_FILE_MODE);
    await previous.close();
  }
}

/** Every complete line of the file, parsed, in order. A missing file has none. */
export async function* readJsonLines(
  path: string,
): AsyncGenerator<{ readonly value: unknown; readonly line: number }> {
  const size = await fileSize(path);
  if (size === 0) return;
  // Bounded to the size at the start, so lines appended while reading are left for the next read.
  const lines = createInterface({ input: createReadStream(path, { end: size - 1 }), crlfDelay: Infinity });
  let line = 0;
  let tornTail: string | null = null;
  for await (const text of lines) {
    line++;
    if (tornTail !== null) throw new JsonLinesError(path, line - 1);
    if (text.length === 0) continue;
    try {
      yield { value: JSON.parse(text), line };
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // Tolerated only as the very last line, where a crash or an append in progress can leave it torn.
      tornTail = text;
    }
  }
}

export class JsonLinesError extends LinksyncError<"journal_corrupt"> {
  override readonly name = "JsonLinesError";
  constructor(
    readonly path: string,
    readonly line: number,
  ) {
    super(
      "journal_corrupt",
      `Line ${line} of ${path} is not valid JSON and is followed by more entries, so the file was edited or damaged. Restore it from a backup or move it aside.`,
    );
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isFileMissing(error)) return 0;
    throw error;
  }
}

/** Cuts the file back to its last newline, removing a line a crash left half-written. */
async function cutTornTail(path: string): Promise<void> {
  const size = await fileSize(path);
  if (size === 0) return;
  const handle = await open(path, "r");
  try {
    const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline !== -1) {
        const keep = start + newline + 1;
        if (keep < size) await truncate(path, keep);
        return;
      }
      end = start;
    }
    await truncate(path, 0);
  } finally {
    await handle.close();
  }
}
