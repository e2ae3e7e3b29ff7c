import { afterEach, describe, expect, it } from "vitest";
import { openTestSql, TEST_ENGINES } from "../testing/test-sql";
import { PendingRows } from "./pending-rows";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.each(TEST_ENGINES)("PendingRows on %s", (engine) => {
  it("a run forgets only what it read: a row named again during the run waits for the next", async () => {
    const db = await openTestSql(engine);
    cleanups.push(() => db.drop());
    const pending = new PendingRows(db.sql);
    expect(await pending.take("db-1")).toBeNull();
    await pending.add("db-1", ["page-a", "page-b", "page-a"]);
    await pending.add("db-2", ["page-z"]);
    const taken = await pending.take("db-1");
    expect(taken?.pageIds).toEqual(["page-a", "page-b"]);

    // While the run goes: page-b is edited again, page-c for the first time.
    await pending.add("db-1", ["page-b", "page-c"]);
    await pending.settle("db-1", taken!);
    expect((await pending.take("db-1"))?.pageIds).toEqual(["page-b", "page-c"]);
    expect((await pending.take("db-2"))?.pageIds).toEqual(["page-z"]);
  });
});
