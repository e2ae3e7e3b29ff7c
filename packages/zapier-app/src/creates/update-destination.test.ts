import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as newConflicts } from "../triggers/new-conflict";
import { perform as createShortLink } from "./create-short-link";
import { perform as updateDestination } from "./update-destination";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

async function linked() {
  return live.appTester(createShortLink, {
    authData: live.authData,
    inputData: {
      dataSourceId: live.dataSourceId,
      title: "Spring sale",
      destination: "https://shop.example/a",
    },
  });
}

function update(linkId: string, destination: string) {
  return live.appTester(updateDestination, {
    authData: live.authData,
    // No Database: it only feeds the Link dropdown.
    inputData: { linkId, destination },
  });
}

describe("Update Destination", () => {
  it("points the link and the Notion row to the new URL", async () => {
    const link = await linked();
    const result = await update(link.id, "https://shop.example/b");
    const { outcome: _, ...row } = link;
    expect(result).toEqual({
      ...row,
      destination: "https://shop.example/b",
      lastSynced: expect.any(String),
      status: "applied",
      requestedDestination: "https://shop.example/b",
      keptValue: null,
      droppedValue: null,
      conflictId: null,
      conflictAt: null,
      linkId: link.id,
    });
    expect(result).toMatchObject({
      shortUrl: link.shortUrl,
      title: "Spring sale",
      notionPageUrl: link.notionPageUrl,
    });
    const redirect = await fetch(link.shortUrl!, { redirect: "manual" });
    expect(redirect.headers.get("location")).toBe("https://shop.example/b");
    const page = await live.sandbox.control.snapshot();
    expect(JSON.stringify(page.pages.find((p) => p.id === link.notionPageId))).toContain(
      "https://shop.example/b",
    );
  });

  it("answers a retry of the same update with status unchanged and writes nothing again", async () => {
    const link = await linked();
    await update(link.id, "https://shop.example/b");
    const pageUpdates = async () =>
      (await live.sandbox.control.requestLog()).byEndpoint["PATCH /v1/pages/{page_id}"] ?? 0;
    const before = await pageUpdates();
    const retry = await update(link.id, "https://shop.example/b");
    expect(retry).toMatchObject({ status: "unchanged", destination: "https://shop.example/b" });
    expect(await pageUpdates()).toBe(before);
    expect(before).toBeGreaterThan(0);
  });

  it("returns a conflict as a normal result when Destination changed in Notion meanwhile: Notion wins", async () => {
    const link = await linked();
    await live.sandbox.control.editPageAsPerson(link.notionPageId, {
      Destination: "https://shop.example/notion",
    });

    const result = await update(link.id, "https://shop.example/zap");

    expect(result).toMatchObject({
      status: "conflict",
      destination: "https://shop.example/notion",
      keptValue: "https://shop.example/notion",
      droppedValue: "https://shop.example/zap",
      conflictId: expect.stringMatching(/^c_[0-9a-f]{12}$/),
      conflictAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
    });
    const redirect = await fetch(link.shortUrl!, { redirect: "manual" });
    expect(redirect.headers.get("location")).toBe("https://shop.example/notion");
    const conflicts = await live.appTester(newConflicts, {
      authData: live.authData,
      inputData: { dataSourceId: live.dataSourceId },
    });
    expect(conflicts).toEqual([
      expect.objectContaining({
        id: result.conflictId,
        keptValue: "https://shop.example/notion",
        droppedValue: "https://shop.example/zap",
        droppedSource: "zapier",
        winner: "notion",
      }),
    ]);
  });

  it("refuses a javascript: URL with a sentence saying what to use instead", async () => {
    const link = await linked();
    await expect(update(link.id, "javascript:alert(1)")).rejects.toThrow(
      /Use a web address starting with https:/,
    );
  });
});
