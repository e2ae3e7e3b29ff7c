import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../clock/clock";
import { conflictId } from "../merge/conflict-id";
import type { Row } from "../rows/row";
import { createShortLink } from "./create-short-link";
import { listConflicts } from "./list-conflicts";
import type { OperationContext } from "./operation-context";
import { type LiveServices, startLiveServices } from "./operations.fixture";
import {
  type ConflictFinding,
  conflictsOnRow,
  conflictTime,
  type RecordedConflict,
  recordConflict,
} from "./record-conflict";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

/**
 * A linked row whose link was found holding `dropped` while Notion kept its Destination: the row and the finding
 * `recordConflict` is given, as the engine would make it.
 */
async function conflictOnNewRow(input: {
  readonly title: string;
  readonly destination: string;
  readonly base: string | null;
  readonly dropped: string;
  readonly droppedSource: ConflictFinding["droppedSource"];
  readonly at?: string;
}): Promise<{ readonly row: Row; readonly finding: ConflictFinding }> {
  const { row, link } = await createShortLink(live.context(), live.dataSourceId, {
    destination: input.destination,
    title: input.title,
  });
  const kept = row.destination ?? "";
  const facts = { pageId: row.pageId, base: input.base, kept, dropped: input.dropped };
  const finding: ConflictFinding = {
    databaseId: live.dataSourceId,
    row,
    linkId: link.id,
    conflictId: conflictId(facts),
    kept,
    dropped: input.dropped,
    droppedSource: input.droppedSource,
    ...(input.at !== undefined ? { at: input.at } : {}),
  };
  return { row, finding };
}

describe("recordConflict", () => {
  it("keeps the record when a user resolves the comment: listed still, never posted nor reported again", async () => {
    const { row, finding } = await conflictOnNewRow({
      title: "Resolved",
      destination: "https://a.example/resolved",
      base: null,
      dropped: "https://b.example",
      droppedSource: "desktop",
    });
    const first = await recordConflict(live.context(), finding);
    const [comment] = await live.context().notion.listComments(row.pageId);
    if (!comment) throw new Error("no conflict comment was posted");
    await live.sandbox.control.resolveDiscussion(comment.discussion_id);
    expect(await live.context().notion.listComments(row.pageId)).toEqual([]);

    // New Conflict, from Notion alone, still sees it.
    expect(await listConflicts(live.context(), live.dataSourceId)).toEqual([first.event]);
    // A replay, or a second agent finding the same conflict: no second comment, no second report.
    const again = await recordConflict(live.context(), finding);
    expect(again).toEqual({ event: first.event, firstReport: false });
    const snapshot = await live.sandbox.control.snapshot();
    expect(snapshot.comments.filter((c) => c.pageId === row.pageId)).toHaveLength(1);
  });

  it("keeps both entries when two agents log different conflicts on one row at the same moment", async () => {
    const { row, link } = await createShortLink(live.context(), live.dataSourceId, {
      destination: "https://a.example/two",
      title: "Two agents",
    });
    const finding = (dropped: string) => ({
      databaseId: live.dataSourceId,
      row,
      linkId: link.id,
      conflictId: conflictId({ pageId: row.pageId, base: null, kept: "https://a.example/two", dropped }),
      kept: "https://a.example/two",
      dropped,
      droppedSource: "zapier" as const,
    });
    const [a, b] = [finding("https://b.example/1"), finding("https://b.example/2")];
    // Two agents (two connections), each recording its own conflict: both read the empty log, both write it.
    await Promise.all([recordConflict(live.context(), a), recordConflict(live.context(), b)]);
    const comments = await live.context().notion.listComments(row.pageId);
    for (const comment of comments) await live.sandbox.control.resolveDiscussion(comment.discussion_id);
    const listed = await listConflicts(live.context(), live.dataSourceId);
    expect(listed.map((event) => event.conflictId).sort()).toEqual([a.conflictId, b.conflictId].sort());
  });

  it("posts one comment in the contract's words and sets Conflict At; a second agent does not post again", async () => {
    const { row, finding } = await conflictOnNewRow({
      title: "Launch",
      destination: "https://a.example",
      base: "https://a.example",
      dropped: "https://b.example",
      droppedSource: "zapier",
    });
    // The sandbox dates comments by its own clock: start ours there, mid-second, as a real finding would be.
    const clock = new FakeClock(Date.parse((await live.sandbox.control.now()).now) + 456);
    const at = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, ".000Z");

    const first = await recordConflict({ ...live.context(), clock }, finding);
    await clock.advance(60_000);
    const second = await recordConflict({ ...live.context(), clock }, finding);

    expect(first.firstReport).toBe(true);
    expect(second.firstReport).toBe(false);
    expect(second.event).toEqual(first.event);
    expect(first.event).toMatchObject({
      at,
      winner: "notion",
      droppedSource: "zapier",
    });
    const comments = await live.context().notion.listComments(row.pageId);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.rich_text.map((p) => p.plain_text).join("")).toBe(
      `Destination conflict at ${at.slice(11, 19)} UTC: kept Notion value https://a.example, dropped https://b.example (from Zapier). ref ${finding.conflictId}`,
    );
    const page = await live.context().notion.retrievePage(row.pageId);
    expect(page.properties["Conflict At"]).toMatchObject({
      date: { start: expect.stringContaining(at.slice(0, 19)) },
    });
    expect(await conflictsOnRow(live.context(), row.pageId)).toHaveLength(1);
  });
});

describe("recordConflict after a crash between posting and reporting", () => {
  it("recognises the caller's own comment by the time it states; another agent's is not the caller's to report", async () => {
    const { row, finding } = await conflictOnNewRow({
      title: "Replay",
      destination: "https://a.example",
      base: null,
      dropped: "https://d.example",
      droppedSource: "zapier",
      at: "2026-03-02T10:00:05.250Z",
    });
    expect((await recordConflict(live.context(), finding)).firstReport).toBe(true);

    const replayed = await recordConflict(live.context(), finding);
    const otherAgent = await recordConflict(live.context(), { ...finding, at: "2026-03-02T10:00:07.000Z" });

    expect(replayed.firstReport).toBe(true);
    expect(otherAgent.firstReport).toBe(false);
    expect(await conflictsOnRow(live.context(), row.pageId)).toHaveLength(1);
  });
});

describe("recordConflict, two agents racing", () => {
  it("reports the conflict once when both post before seeing the other's comment, and lists it once", async () => {
    const { finding } = await conflictOnNewRow({
      title: "Race",
      destination: "https://a.example",
      base: "https://a.example",
      dropped: "https://c.example",
      droppedSource: "shortener-api",
    });
    let agentB: RecordedConflict | undefined;
    const agentA = live.context();
    // Agent B records the conflict in full just after agent A looked for the comment and before A posts its own.
    const racing: OperationContext["notion"] = {
      ...agentA.notion,
      createComment: async (params, options) => {
        agentB ??= await recordConflict(live.context(), finding);
        return agentA.notion.createComment(params, options);
      },
    };

    const a = await recordConflict({ ...agentA, notion: racing }, finding);

    expect(agentB?.firstReport).toBe(true);
    expect(a.firstReport).toBe(false);
    expect(a.event).toEqual(agentB?.event);
    expect(await listConflicts(live.context(), live.dataSourceId)).toEqual([agentB?.event]);
  });
});

describe("conflictTime", () => {
  it("dates a comment's time of day by its minute-rounded creation time, across midnight too", () => {
    expect(conflictTime("2026-03-01T14:02:00.000Z", "14:02:30")).toBe("2026-03-01T14:02:30.000Z");
    expect(conflictTime("2026-03-02T00:00:00.000Z", "23:59:59")).toBe("2026-03-01T23:59:59.000Z");
  });
});
