import { createLinksyncShortenerProvider } from "@linksync/core";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeLoopbackPort } from "../free-loopback-port";
import { screenshot } from "./chromium";
import { type CompanionSession, openCompanion } from "./companion-session";

/**
 * Edit after attach, against the real agent, sandbox and shortener: the workspace's shortener address and key
 * (checked before saving: a wrong address or key is said at once and nothing changes) and the database's columns
 * (what saving a moved column does is said first; then every row is read again and old rows' links follow).
 */
let session: CompanionSession;
let other: RunningShortener;
let databaseId: string;
let connectionId: string;

beforeAll(async () => {
  [session, other] = await Promise.all([
    openCompanion({ rows: 3, requestsPerSecond: 25, viewport: { width: 1280, height: 800 } }),
    startShortener({ apiKey: "sk_other_shortener" }),
  ]);
  const { stack } = session;
  const connection = await stack.agent.addConnection({
    auth: { kind: "internal", token: stack.campaign.token },
    notionBaseUrl: stack.sandbox.baseUrl,
    requestsPerSecond: 25,
  });
  connectionId = connection.id;
  const database = await stack.agent.attachDatabase({
    connectionId,
    dataSourceId: stack.campaign.dataSourceId,
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", baseUrl: stack.shortener.url, apiKey: "sk_test_desktop_flow" },
  });
  databaseId = database.id;
  await stack.agent.syncNow(databaseId);
  // A second URL column the user may want Linksync to read instead, filled in on every linked row but one.
  await stack.sandbox.control.updateSchema(stack.campaign.dataSourceId, { "Landing page": { url: {} } });
  const links = await shortenerLinks(stack.shortener.url);
  [unfilled, ...filled] = links.map((link) => link.id);
  for (const [index, link] of links.slice(1).entries()) {
    await stack.sandbox.control.editPageAsPerson(link.externalId?.replace("notion-page:", "") ?? "", {
      "Landing page": landingPage(index),
    });
  }
  // An hour passes and the database syncs on (twice: the first run learns Notion's new time): those edits are
  // older than what a cycle reads, so only reading every row again brings them in.
  await stack.sandbox.control.advanceClock(60 * 60_000);
  await stack.agent.syncNow(databaseId);
  await stack.agent.syncNow(databaseId);
  session.page.setDefaultTimeout(10_000);
}, 60_000);

const landingPage = (index: number) => `https://shop.example.com/landing-${index}`;
let unfilled: string | undefined;
let filled: string[] = [];

/** Every link in the shortener's primary account (the workspace's first shortener). */
async function shortenerLinks(baseUrl: string) {
  const provider = createLinksyncShortenerProvider({ baseUrl, apiKey: "sk_test_desktop_flow" });
  return (await provider.changesSince(null)).links;
}

async function destinationsOf(ids: readonly string[]): Promise<(string | undefined)[]> {
  const links = await shortenerLinks(session.stack.shortener.url);
  return ids.map((id) => links.find((link) => link.id === id)?.destination);
}

afterAll(async () => {
  await other?.close();
  await session?.close();
});

describe("editing a database after attach (headless Chromium)", () => {
  it("opens from the dashboard card, with its own title and focus on its heading", async () => {
    const { page, stack } = session;
    await page.goto(`${stack.ui.url.split("#")[0]}#/dashboard`);
    await page.click("[data-database='Spring Campaign'] a:text-is('Edit')");
    await page.waitForSelector("h1:has-text('Edit Spring Campaign')");
    await page.waitForSelector(".field-map select");
    expect(await page.title()).toBe("Edit Spring Campaign · Linksync");
    expect(await page.locator(":focus").textContent()).toBe("Edit Spring Campaign");
  });

  it("says before saving that every row is read again, and moves old rows' links to the new Destination", async () => {
    const { page, stack } = session;
    const destination = "select[aria-label='Column for Destination']";
    expect(
      await page.$$eval(`${destination} option`, (options) => options.map((o) => o.textContent)),
    ).toEqual(expect.arrayContaining(["Destination", "Landing page"]));
    expect(await page.$(".when-saved")).toBeNull();
    await page.selectOption(destination, "Landing page");
    await page.waitForSelector(".field-map[aria-busy=false]");
    const notice = (await page.textContent(".when-saved")) ?? "";
    expect(notice).toContain("Destination: «Landing page» instead of «Destination»");
    expect(notice).toContain("Linksync reads every row again right away");
    expect(notice).toContain("A row with nothing in «Landing page» keeps its current link");
    await screenshot(page, "edit-columns-when-saved", { showing: ".when-saved" });
    const before = await destinationsOf([unfilled ?? ""]);

    await page.click("button:has-text('Save columns')");
    await page.waitForSelector("text=Columns saved · Linksync is reading every row again");
    const summary = stack.agent.status().databases.find((d) => d.id === databaseId);
    expect(summary?.fieldMap?.destination).toBe("Landing page");
    expect(summary?.linked).toBeGreaterThan(0);
    // The agent runs at once: each link now opens its row's Landing page; the row without one keeps its link.
    await expect
      .poll(() => destinationsOf(filled), { timeout: 20_000 })
      .toEqual(filled.map((_, index) => landingPage(index)));
    expect(await destinationsOf([unfilled ?? ""])).toEqual(before);
    await screenshot(page, "edit-database", { showing: "[role=status]:has-text('Columns saved')" });
  });

  it("refuses a shortener address where nothing answers and a wrong key at once, and keeps the old one", async () => {
    const { page, stack } = session;
    const form = "section[aria-labelledby=edit-shortener]";
    await page.fill(
      `${form} label:has-text('Shortener address') input`,
      `http://127.0.0.1:${await freeLoopbackPort()}`,
    );
    await page.fill(`${form} label:has-text('API key') input`, "sk_wrong");
    await page.click(`${form} button:has-text('Check and save')`);
    await page.waitForSelector(`${form} >> text=Linksync cannot reach the shortener`);

    await page.fill(`${form} label:has-text('Shortener address') input`, other.url);
    await page.click(`${form} button:has-text('Check and save')`);
    await page.waitForSelector(`${form} >> text=The shortener did not accept this API key`);
    await screenshot(page, "edit-shortener-wrong-key");
    expect(stack.agent.status().connections[0]?.shortenerUrl).toBe(stack.shortener.url);
  });

  it("moves the workspace to the new shortener once its key is accepted", async () => {
    const { page, stack } = session;
    const form = "section[aria-labelledby=edit-shortener]";
    await page.fill(`${form} label:has-text('API key') input`, "sk_other_shortener");
    await page.click(`${form} button:has-text('Check and save')`);
    await page.waitForSelector(`${form} >> text=Links are made at ${other.url} from now on`);
    expect(stack.agent.status().connections.find((c) => c.id === connectionId)?.shortenerUrl).toBe(other.url);
  });

  it("ran without page errors or CSP violations", () => {
    expect(session.errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
  });
});
