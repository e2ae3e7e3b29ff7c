import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseSettings, DatabaseSettingsFile } from "./database-settings";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-settings-"));
  path = join(dir, "databases.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spring: DatabaseSettings = {
  id: "c1/ds1",
  connectionId: "c1",
  dataSourceId: "ds1",
  databaseId: "db1",
  title: "Spring Campaign",
  url: "https://www.notion.so/db1",
  pollIntervalMs: 300_000,
  columnIds: { destination: "I%402D" },
};

describe("DatabaseSettingsFile", () => {
  it("keeps attached databases across restarts, one entry per id", async () => {
    const file = await DatabaseSettingsFile.open(path);
    await file.put(spring);
    await file.put({ ...spring, pollIntervalMs: 60_000 });
    const reopened = await DatabaseSettingsFile.open(path);
    expect(reopened.list()).toEqual([{ ...spring, pollIntervalMs: 60_000 }]);
    await reopened.remove(spring.id);
    expect((await DatabaseSettingsFile.open(path)).list()).toEqual([]);
  });

  it("refuses a file it did not write", async () => {
    await writeFile(path, JSON.stringify({ databases: "?" }));
    await expect(DatabaseSettingsFile.open(path)).rejects.toMatchObject({ code: "settings_corrupt" });
  });
});
