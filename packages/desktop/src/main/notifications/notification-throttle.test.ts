import { FakeClock } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { conflictEvent } from "../../testing/scripted-agent";
import { type Notice, noticeOf } from "./notice";
import { NotificationThrottle } from "./notification-throttle";

function setup(enabled = true) {
  const clock = new FakeClock();
  const shown: Notice[] = [];
  const throttle = new NotificationThrottle({
    clock,
    show: (notice) => shown.push(notice),
    enabled: () => enabled,
  });
  return { clock, shown, throttle };
}
const conflict = (index: number) => noticeOf({ type: "conflict", payload: conflictEvent(index) }) as Notice;

describe("notification throttle", () => {
  it("shows one notice on its own, in words", async () => {
    const { clock, shown, throttle } = setup();
    throttle.push(conflict(1));
    await clock.advance(2_000);
    expect(shown).toEqual([
      {
        kind: "conflict",
        title: "Destination conflict",
        body: "Spring launch 1: kept https://acme.example/notion/1, dropped https://acme.example/zapier/1 (from zapier).",
      },
    ]);
  });

  it("turns a storm of 50 conflicts and pauses into one notification", async () => {
    const { clock, shown, throttle } = setup();
    for (let i = 0; i < 48; i++) throttle.push(conflict(i));
    throttle.push({ kind: "paused", title: "Sync paused", body: "Destination was renamed" });
    throttle.push({ kind: "paused", title: "Sync paused", body: "Tags was deleted" });
    await clock.advance(60_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      title: "50 things need a look",
      body: "48 conflicts, 2 paused databases. Open Linksync to review them.",
    });
  });

  it("holds what arrives during the quiet minute and shows it as one afterwards", async () => {
    const { clock, shown, throttle } = setup();
    throttle.push(conflict(1));
    await clock.advance(2_000);
    throttle.push(conflict(2));
    throttle.push(conflict(3));
    await clock.advance(30_000);
    expect(shown).toHaveLength(1);
    await clock.advance(30_000);
    expect(shown).toHaveLength(2);
    expect(shown[1]?.title).toBe("2 things need a look");
  });

  it("shows nothing when notifications are off", async () => {
    const { clock, shown, throttle } = setup(false);
    throttle.push(conflict(1));
    await clock.advance(120_000);
    expect(shown).toEqual([]);
  });

  it("notifies for conflicts, pauses Linksync made and revocations, not for a pause the user asked for", () => {
    const at = "2026-01-01T00:00:00Z";
    expect(
      noticeOf({ type: "sync.paused", payload: { databaseId: "d", reason: "user", message: "", at } }),
    ).toBeNull();
    expect(
      noticeOf({
        type: "sync.paused",
        payload: { databaseId: "d", reason: "schema_drift", message: "Renamed", at },
      }),
    ).toMatchObject({ kind: "paused", body: "Renamed" });
    expect(noticeOf({ type: "connection.revoked", payload: { connectionId: "c", at } })).toMatchObject({
      kind: "revoked",
    });
    expect(noticeOf({ type: "sync.online", payload: { connectionId: "c", at } })).toBeNull();
  });

  it("notifies for a row that could not get a short link, and folds a burst of them into one", async () => {
    const failed = (index: number) =>
      noticeOf({
        type: "row.failed",
        payload: {
          databaseId: "d",
          pageId: `p${index}`,
          title: `Row ${index}`,
          code: "invalid_destination",
          message: "Destination is not a web address.",
          at: "2026-01-01T00:00:00Z",
        },
      }) as Notice;
    expect(failed(1)).toMatchObject({ kind: "failed", body: "Row 1: Destination is not a web address." });
    const { clock, shown, throttle } = setup(true);
    for (let index = 0; index < 10; index++) throttle.push(failed(index));
    await clock.advance(120_000);
    expect(shown).toEqual([
      {
        kind: "failed",
        title: "10 things need a look",
        body: "10 rows without a short link. Open Linksync to review them.",
      },
    ]);
  });
});
