import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import type { WorkspaceSnapshot } from "./types";
import type { WorkspaceStore } from "./workspace-store";

const FLUSH_INTERVAL_MS = 500;

export async function loadSnapshotFile(path: string): Promise<WorkspaceSnapshot | undefined> {
  if (!existsSync(path)) return undefined;
  const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
  if (typeof parsed !== "object" || parsed === null || (parsed as { version?: unknown }).version !== 1) {
    throw new Error(
      `${path} is not a notion-sandbox snapshot (version 1). Move it away or pick another persistPath.`,
    );
  }
  return parsed as WorkspaceSnapshot;
}

/** Writes the workspace to a JSON file shortly after it changes, and once more on stop. */
export class SnapshotWriter {
  #written = -1;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly path: string,
  ) {}

  start(): void {
    this.#written = this.store.mutationCount;
    this.#timer = setInterval(() => {
      this.#writing = this.#writing.then(() => this.flush());
    }, FLUSH_INTERVAL_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#writing;
    await this.flush();
  }

  async flush(): Promise<void> {
    const count = this.store.mutationCount;
    if (count === this.#written) return;
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, JSON.stringify(this.store.snapshot()));
    await rename(temporary, this.path);
    this.#written = count;
  }
}
