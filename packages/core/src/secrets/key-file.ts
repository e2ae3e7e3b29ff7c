import { readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { createFileExclusive, ensurePrivateDirectory, isFileMissing } from "../store/durable-file";
import { SecretBox, SecretError } from "./secret-box";

/** The headless key file's name in an agent data directory (the desktop keeps its key in safeStorage instead). */
export const KEY_FILE_NAME = "secrets.key";

const KEY_FILE_MODE = 0o600;

/**
 * The headless surface's encryption key: 32 random bytes in a file only the owner can read, created on first use.
 * Its directory is created (0700) when missing. A key file that others can read is refused (as ssh does) rather than used, because anyone who can read it can
 * decrypt every stored token.
 */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  const existing = await readKeyFile(path);
  if (existing) return existing;
  const key = SecretBox.generateKey();
  // The first run may name a data directory that does not exist yet.
  await ensurePrivateDirectory(dirname(path));
  if (await createFileExclusive(path, key.toString("base64"), KEY_FILE_MODE)) return key;
  // Another process (or call) created the key first: use its key, or the secrets it stores would be unreadable.
  const winner = await readKeyFile(path);
  if (!winner) {
    throw new SecretError(
      "key_file_invalid",
      `The key file ${path} vanished while it was being created. Start again.`,
    );
  }
  return winner;
}

async function readKeyFile(path: string): Promise<Buffer | null> {
  let mode: number;
  try {
    mode = (await stat(path)).mode & 0o777;
  } catch (error) {
    if (isFileMissing(error)) return null;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new SecretError(
      "key_file_permissions",
      `The key file ${path} is readable by other users (mode ${mode.toString(8)}). Run \`chmod 600 ${path}\` and start again.`,
    );
  }
  const key = Buffer.from((await readFile(path, "utf8")).trim(), "base64");
  if (key.length !== 32) {
    throw new SecretError(
      "key_file_invalid",
      `The key file ${path} does not hold a 32-byte key. Restore it from a backup, or delete it and reconnect every account.`,
    );
  }
  return key;
}
