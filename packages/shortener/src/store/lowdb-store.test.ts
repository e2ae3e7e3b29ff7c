import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { LowdbStore } from "./lowdb-store";
import { describeShortenerStore } from "./store-contract";

const directories: string[] = [];
afterAll(() => Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true }))));

describeShortenerStore("lowdb in memory", () => LowdbStore.open());
describeShortenerStore("lowdb JSON file", async () => {
  const directory = await mkdtemp(join(tmpdir(), "linksync-store-test-"));
  directories.push(directory);
  return LowdbStore.open(join(directory, "shortener.json"));
});
