import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conflictInboxContract, conflict as sampleConflict } from "../contracts/conflict-inbox.contract";
import { filesText } from "../contracts/files-text";
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

const conflict = sampleConflict();

conflictInboxContract("ConflictInbox (conflicts.json)", async () => {
  const root = await mkdtemp(join(tmpdir(), "linksync-inbox-contract-"));
  return {
    open: () => ConflictInbox.open(join(root, "conflicts.json")),
    atRest: () => filesText(root),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe("ConflictInbox", () => {
  it("counts unread conflicts until they are acknowledged", async () => {
    const inbox = await ConflictInbox.open(path);
    await inbox.add(conflict);
    expect(inbox.unread).toBe(1);
    await inbox.acknowledge(conflict.conflictId);
    expect(inbox.unread).toBe(0);
  });

  it("refuses a file it did not write, saying the conflicts are still on their rows", async () => {
    await writeFile(path, "{not json");
    await expect(ConflictInbox.open(path)).rejects.toMatchObject({ code: "settings_corrupt" });
  });
});
