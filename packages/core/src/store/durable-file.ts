import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Files in an agent's data directory are readable by their owner alone (tokens are sealed, but titles and URLs are not). */
export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * Creates `dir` (and its parents) if missing, and makes it 0700: an older Linksync or a `mkdir` by hand may have left
 * it open to other users.
 */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  await chmod(dir, PRIVATE_DIRECTORY_MODE);
}

/**
 * Replaces a file's content all at once: a reader (or a process restarted after a crash) sees the old content or the
 * new one, never a mix. The temporary file is created with the final `mode`, so a 0600 file is never readable by
 * others, not even for an instant, and it is fsynced before the rename so the new name never points at empty data.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | AsyncIterable<string>,
  mode = PRIVATE_FILE_MODE,
): Promise<void> {
  const temp = await writeTempFile(path, data, mode);
  await rename(temp, path);
  await syncDirectory(dirname(path));
}

/**
 * Creates `path` with `data` unless it already exists, atomically: of two processes racing to create it, exactly one
 * wins and the other gets `false` (and should read what the winner wrote).
 */
export async function createFileExclusive(
  path: string,
  data: string | Uint8Array,
  mode = PRIVATE_FILE_MODE,
): Promise<boolean> {
  const temp = await writeTempFile(path, data, mode);
  try {
    // link(2), unlike rename(2), refuses to replace an existing name.
    await link(temp, path);
    await syncDirectory(dirname(path));
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/** Makes a rename or a new file in `dir` survive a power cut (the directory entry itself is persisted). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** True for "no such file": the one read failure that means "nothing stored yet" rather than a fault. */
export function isFileMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/**
 * `data` may be a sequence of chunks, written one after the other: a large file (a compaction) is then produced a
 * piece at a time, without one long synchronous step that would stall the event loop.
 */
async function writeTempFile(
  path: string,
  data: string | Uint8Array | AsyncIterable<string>,
  mode: number,
): Promise<string> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    if (typeof data === "string" || data instanceof Uint8Array) await handle.writeFile(data);
    else for await (const chunk of data) await handle.writeFile(chunk);
    // The umask may have narrowed the mode at creation; chmod makes it exact.
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}
