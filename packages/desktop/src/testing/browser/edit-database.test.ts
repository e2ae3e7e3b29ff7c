import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeLoopbackPort } from "../free-loopback-port";
import { screenshot } from "./chromium";
import { type CompanionSession, openCompanion } from "./companion-session";

/**
 * Edit after attach, against the real agent, sandbox and shortener: the workspace's shortener address and key
 * (checked before saving: a wrong address or key is said at once and nothing changes) and the database's columns.
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
  // A second URL column the user may want Linksync to read instead.
  await stack.sandbox.control.updateSchema(stack.campaign.dataSourceId, { "Landing page": { url: {} } });
  session.page.setDefaultTimeout(10_000);
}, 60_000);

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

  it("maps Destination to another URL column, checked before saving", async () => {
    const { page, stack } = session;
    const destination = "select[aria-label='Column for Destination']";
    expect(
      await page.$$eval(`${destination} option`, (options) => options.map((o) => o.textContent)),
    ).toEqual(expect.arrayContaining(["Destination", "Landing page"]));
    await page.selectOption(destination, "Landing page");
    await page.waitForSelector(".field-map[aria-busy=false]");
    await page.click("button:has-text('Save columns')");
    await page.waitForSelector("text=Columns saved");
    const summary = stack.agent.status().databases.find((d) => d.id === databaseId);
    expect(summary?.fieldMap?.destination).toBe("Landing page");
    expect(summary?.linked).toBeGreaterThan(0);
    await screenshot(page, "edit-database");
  });

  it("ran without page errors or CSP violations", () => {
    expect(session.errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
  });
});
