import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** Every file under `dir` as text, one after the other: what a file-backed store keeps at rest. */
export async function filesText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, "utf8")))).join("\n");
}
