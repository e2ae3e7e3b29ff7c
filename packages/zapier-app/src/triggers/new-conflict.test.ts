import {
  conflictId,
  createLinksyncShortenerProvider,
  createNotionGateway,
  decodeRow,
  defaultFieldMap,
  recordConflict,
} from "@linksync/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perform as createShortLink } from "../creates/create-short-link";
import { perform as updateDestination } from "../creates/update-destination";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as newConflicts } from "./new-conflict";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

const inputData = () => ({ dataSourceId: live.dataSourceId });

async function linked(title: string) {
  return live.appTester(createShortLink, {
    authData: live.authData,
    inputData: { ...inputData(), title, destination: `https://shop.example/${title}` },
  });
}

/** A desktop agent finding a conflict on its own sync cycle, through the same core operation. */
async function desktopFindsConflict(pageId: string, linkId: string) {
  const ctx = {
    notion: createNotionGateway({ auth: live.token, baseUrl: live.sandbox.baseUrl }),
    provider: createLinksyncShortenerProvider({ baseUrl: live.shortener.url, apiKey: live.shortener.apiKey }),
    fieldMap: defaultFieldMap(),
  };
  const row = decodeRow(await ctx.notion.retrievePage(pageId), ctx.fieldMap);
  const facts = {
    pageId,
    base: row.syncedDestination,
    kept: row.destination!,
    dropped: "https://ui.example/x",
  };
  const finding = {
    databaseId: "desktop-db-1",
    row,
    linkId,
    conflictId: conflictId(facts),
    kept: facts.kept,
    dropped: facts.dropped,
    droppedSource: "shortener-ui" as const,
  };
  await recordConflict(ctx, finding);
  // The same conflict seen again by a second agent (or replayed) is not recorded twice.
  await recordConflict(ctx, finding);
  return finding.conflictId;
}

describe("New Conflict", () => {
  it("fires once per conflict, whichever agent found it, with both values, the winner, the source and the time", async () => {
    const fromZap = await linked("zap");
    await live.sandbox.control.editPageAsPerson(fromZap.notionPageId, { Destination: "https://n.example/1" });
    const zapResult = await live.appTester(updateDestination, {
      authData: live.authData,
      inputData: { ...inputData(), linkId: fromZap.id, destination: "https://z.example/1" },
    });
    const fromDesktop = await linked("desktop");
    await live.sandbox.control.advanceClock(2000);
    const desktopConflictId = await desktopFindsConflict(fromDesktop.notionPageId, fromDesktop.id);

    const poll = await live.appTester(newConflicts, { authData: live.authData, inputData: inputData() });
    const again = await live.appTester(newConflicts, { authData: live.authData, inputData: inputData() });

    expect(poll.map((c) => c.id).sort()).toEqual([zapResult.conflictId, desktopConflictId].sort());
    expect(again).toEqual(poll);
    expect(poll.find((c) => c.id === desktopConflictId)).toMatchObject({
      title: "desktop",
      keptValue: "https://shop.example/desktop",
      droppedValue: "https://ui.example/x",
      droppedSource: "shortener-ui",
      winner: "notion",
      field: "destination",
      linkId: fromDesktop.id,
      notionPageId: fromDesktop.notionPageId,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
    });
  });
});
