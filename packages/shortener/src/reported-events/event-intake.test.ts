import { afterAll, describe, expect, it } from "vitest";
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from "../testing/test-database";
import type { WebhookEvent } from "../webhooks/webhook-events";
import { EventIntake } from "./event-intake";

const paused = (at: string) => ({
  type: "sync.paused",
  data: { databaseId: "db-1", reason: "user", message: "Paused by the user.", at },
});

/** The dispatcher's one method the intake uses; `fail` makes the next publish fail as a failed store write would. */
function dispatcher() {
  const published: WebhookEvent[] = [];
  let fail = false;
  return {
    published,
    failNext: () => {
      fail = true;
    },
    publish: async (_account: string, event: WebhookEvent) => {
      if (fail) {
        fail = false;
        throw new Error("disk full");
      }
      published.push(event);
    },
  };
}

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((database) => database.drop())));

async function sql(engine: (typeof TEST_ENGINES)[number]) {
  const database = await openTestDatabase(engine);
  databases.push(database);
  return database.sql;
}

describe.each(TEST_ENGINES)("EventIntake on %s", (engine) => {
  it("takes a report whose fan-out failed again, instead of calling the retry a duplicate", async () => {
    const target = dispatcher();
    const intake = new EventIntake(await sql(engine), target, () => 0);
    target.failNext();

    await expect(intake.report("acct-a", paused("2026-03-01T15:00:00.000Z"))).rejects.toThrow("disk full");
    const retry = await intake.report("acct-a", paused("2026-03-01T15:00:00.000Z"));

    expect(retry.duplicate).toBe(false);
    expect(target.published).toEqual([retry.event]);
  });

  it("forgets events after keepForMs and keeps at most keepPerAccount", async () => {
    let now = 0;
    const target = dispatcher();
    const intake = new EventIntake(await sql(engine), target, () => now, {
      keepPerAccount: 2,
      keepForMs: 1000,
    });
    for (const minute of ["00", "01", "02"])
      await intake.report("acct-a", paused(`2026-03-01T15:${minute}:00.000Z`));

    expect((await intake.recent("acct-a", null, 10)).map((event) => event.data.at)).toEqual([
      "2026-03-01T15:02:00.000Z",
      "2026-03-01T15:01:00.000Z",
    ]);
    now = 1001;
    expect(await intake.recent("acct-a", null, 10)).toEqual([]);
    expect((await intake.report("acct-a", paused("2026-03-01T15:02:00.000Z"))).duplicate).toBe(false);
    expect(target.published).toHaveLength(4);
  });
});
