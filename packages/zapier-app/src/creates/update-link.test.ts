import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as createShortLink } from "./create-short-link";
import { perform as updateLink } from "./update-link";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

describe("Update Link", () => {
  it("changes the row's title and the tags of row and link, and returns the full object", async () => {
    const created = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: {
        dataSourceId: live.dataSourceId,
        title: "Spring",
        destination: "https://shop.example/s",
        tags: ["a"],
      },
    });
    const updated = await live.appTester(updateLink, {
      authData: live.authData,
      inputData: { linkId: created.id, title: "Spring sale", tags: ["sale", "q2"] },
    });
    const { outcome: _, ...row } = created;
    expect(updated).toEqual({
      ...row,
      title: "Spring sale",
      tags: ["sale", "q2"],
      lastSynced: expect.any(String),
      notionPageUrl: expect.stringContaining("Spring-sale"),
    });
    const link = await fetch(`${live.shortener.url}/api/links/${created.id}`, {
      headers: { authorization: `Bearer ${live.shortener.apiKey}` },
    });
    expect(await link.json()).toMatchObject({ tags: ["sale", "q2"], destination: "https://shop.example/s" });

    const titleOnly = await live.appTester(updateLink, {
      authData: live.authData,
      inputData: { linkId: created.id, title: "Spring sale 2026" },
    });
    expect(titleOnly).toMatchObject({ title: "Spring sale 2026", tags: ["sale", "q2"] });
  });

  it("asks what to change when neither title nor tags is given", async () => {
    const created = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: { dataSourceId: live.dataSourceId, title: "X", destination: "https://shop.example/x" },
    });
    await expect(
      live.appTester(updateLink, { authData: live.authData, inputData: { linkId: created.id } }),
    ).rejects.toThrow(/Say what to change/);
  });
});
