import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShortLink } from "./create-short-link";
import { listConflicts } from "./list-conflicts";
import { type LiveServices, startLiveServices } from "./operations.fixture";
import { updateDestination } from "./update-destination";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

async function conflictOn(title: string, notionValue: string, dropped: string) {
  const created = await createShortLink(live.context(), live.dataSourceId, {
    title,
    destination: `https://shop.example/${title}`,
  });
  await live.sandbox.control.editPageAsPerson(created.row.pageId, { Destination: notionValue });
  const result = await updateDestination(live.context(), { pageId: created.row.pageId }, dropped, "desktop");
  if (result.status !== "conflict") throw new Error(`expected a conflict, got ${result.status}`);
  return result.conflict;
}

describe("listConflicts", () => {
  it("lists every recorded conflict once, from Notion alone, newest first, with the comment ref as id", async () => {
    const first = await conflictOn("one", "https://n.example/1", "https://d.example/1");
    await live.advance(2000);
    const second = await conflictOn("two", "https://n.example/2", "https://d.example/2");
    // A fresh context: a stateless client that never saw these conflicts happen.
    const conflicts = await listConflicts(live.context(), live.dataSourceId);
    expect(conflicts.map((c) => c.conflictId)).toEqual([second.conflictId, first.conflictId]);
    expect(conflicts[1]).toEqual(first);
  });

  it("leaves out conflicts before `since`", async () => {
    const old = await conflictOn("old", "https://n.example/old", "https://d.example/old");
    const conflicts = await listConflicts(live.context(), live.dataSourceId, {
      since: new Date(Date.parse(old.at) + 1000).toISOString(),
    });
    expect(conflicts).toEqual([]);
  });
});
