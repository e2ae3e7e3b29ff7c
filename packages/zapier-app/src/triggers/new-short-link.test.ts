import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perform as createShortLink } from "../creates/create-short-link";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as newShortLinks } from "./new-short-link";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

async function createLink(title: string, destination: string) {
  await live.sandbox.control.advanceClock(60_000);
  return live.appTester(createShortLink, {
    authData: live.authData,
    inputData: { dataSourceId: live.dataSourceId, title, destination, tags: ["spring"] },
  });
}

describe("New Short Link", () => {
  it("emits linked rows newest first with a stable id, title, destination, short URL, QR URL, tags and page URL", async () => {
    const first = await createLink("Spring sale", "https://shop.example/spring");
    const second = await createLink("Summer sale", "https://shop.example/summer");
    const bundle = { authData: live.authData, inputData: { dataSourceId: live.dataSourceId } };

    const poll = await live.appTester(newShortLinks, bundle);
    const again = await live.appTester(newShortLinks, bundle);

    expect(poll.map((link) => link.id)).toEqual([second.id, first.id]);
    expect(again.map((link) => link.id)).toEqual(poll.map((link) => link.id));
    expect(poll[0]).toMatchObject({
      title: "Summer sale",
      destination: "https://shop.example/summer",
      shortUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\w+$/),
      tags: ["spring"],
      notionPageUrl: expect.stringContaining("notion.so"),
    });
    expect(poll[0]?.qrUrl).toBe(`${poll[0]?.shortUrl}.png`);
    const qr = await fetch(poll[0]!.qrUrl!);
    expect(qr.headers.get("content-type")).toBe("image/png");
  });

  it("pages 150 links 100 at a time, newest first, for the Link dropdown (canPaginate)", async () => {
    for (let i = 0; i < 150; i++) {
      await live.sandbox.control.advanceClock(60_000);
      await live.sandbox.control.createPageAsPerson(live.dataSourceId, {
        Name: `Link ${i}`,
        Destination: `https://shop.example/${i}`,
        "Short URL": `https://go.example/${i}`,
        "Link ID": `lnk_${i}`,
      });
    }
    const page = (n: number) =>
      live.appTester(newShortLinks, {
        authData: live.authData,
        inputData: { dataSourceId: live.dataSourceId },
        meta: { page: n, isFillingDynamicDropdown: true },
      });
    const [first, second, third] = [await page(0), await page(1), await page(2)];
    expect(first).toHaveLength(100);
    expect(second).toHaveLength(50);
    expect(third).toEqual([]);
    const ids = [...first, ...second].map((link) => link.id);
    expect(ids).toEqual(Array.from({ length: 150 }, (_, i) => `lnk_${149 - i}`));
  }, 60_000);
});
