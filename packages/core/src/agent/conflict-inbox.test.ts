import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConflictEvent } from "../events/events";
import { ConflictInbox } from "./conflict-inbox";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-inbox-"));
  path = join(dir, "conflicts.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const conflict: ConflictEvent = {
  conflictId: "c_0123456789ab",
  databaseId: "c1/ds1",
  pageId: "p1",
  pageUrl: "https://www.notion.so/p1",
  title: "Trail Runner",
  linkId: "l1",
  field: "destination",
  kept: "https://a.example",
  dropped: "https://b.example",
  droppedSource: "zapier",
  winner: "notion",
  at: "2026-06-01T14:02:30.000Z",
};

describe("ConflictInbox", () => {
  it("lists a conflict once, however often it is seen, and keeps acknowledgements across restarts", async () => {
    const inbox = await ConflictInbox.open(path);
    await inbox.add(conflict);
    await inbox.add(conflict);
    expect(inbox.list()).toHaveLength(1);
    expect(inbox.unread).toBe(1);
    expect(await inbox.acknowledge(conflict.conflictId)).toBe(true);
    await inbox.flush();

    const reopened = await ConflictInbox.open(path);
    expect(reopened.list()).toEqual([{ ...conflict, acknowledged: true }]);
    expect(reopened.unread).toBe(0);
  });

  it("refuses a file it did not write, saying the conflicts are still on their rows", async () => {
    await writeFile(path, "{not json");
    await expect(ConflictInbox.open(path)).rejects.toMatchObject({ code: "settings_corrupt" });
  });
});
