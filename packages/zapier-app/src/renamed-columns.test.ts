import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perform as createShortLink } from "./creates/create-short-link";
import { perform as updateDestination } from "./creates/update-destination";
import { perform as findLink } from "./searches/find-link";
import { type LiveServices, startLiveServices } from "./testing/live-services";
import { perform as newShortLinks } from "./triggers/new-short-link";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

/** What a user does in Notion: renames a column. A Zap holds no field map, so it must find the column itself. */
async function rename(from: string, to: string) {
  await live.sandbox.control.updateSchema(live.dataSourceId, { [from]: { name: to } });
}

describe("columns renamed in Notion", () => {
  it("creates, finds, lists and updates links in a database whose Destination and Name columns were renamed", async () => {
    await rename("Destination", "Landing Page");
    await rename("Name", "Campaign");
    const inputData = { dataSourceId: live.dataSourceId };
    const created = await live.appTester(createShortLink, {
      authData: live.authData,
      inputData: { ...inputData, title: "Autumn", destination: "https://shop.example/autumn" },
    });
    expect(created).toMatchObject({
      title: "Autumn",
      destination: "https://shop.example/autumn",
      outcome: "created",
    });
    const page = (await live.sandbox.control.snapshot()).pages.find((p) => p.id === created.notionPageId);
    expect(JSON.stringify(page)).toContain("https://shop.example/autumn");

    const found = await live.appTester(findLink, {
      authData: live.authData,
      inputData: { ...inputData, destination: "https://shop.example/autumn" },
    });
    expect(found.map((link) => link.id)).toEqual([created.id]);
    const listed = await live.appTester(newShortLinks, { authData: live.authData, inputData });
    expect(listed.map((link) => link.title)).toEqual(["Autumn"]);

    const updated = await live.appTester(updateDestination, {
      authData: live.authData,
      inputData: { linkId: created.id, destination: "https://shop.example/autumn-sale" },
    });
    expect(updated).toMatchObject({ status: "applied", destination: "https://shop.example/autumn-sale" });
    const redirect = await fetch(created.shortUrl!, { redirect: "manual" });
    expect(redirect.headers.get("location")).toBe("https://shop.example/autumn-sale");
  });

  it("says which columns it cannot tell apart instead of guessing", async () => {
    await rename("Destination", "Landing Page");
    await live.sandbox.control.updateSchema(live.dataSourceId, { Website: { url: {} } });
    await expect(
      live.appTester(createShortLink, {
        authData: live.authData,
        inputData: { dataSourceId: live.dataSourceId, title: "X", destination: "https://shop.example/x" },
      }),
    ).rejects.toThrow(/cannot tell which column of this database is Destination.*Landing Page.*Website/);
  });
});
